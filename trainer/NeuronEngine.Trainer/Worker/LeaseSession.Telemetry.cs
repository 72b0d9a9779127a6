using System.Diagnostics;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Trainer.Telemetry;

namespace NeuronEngine.Trainer.Worker;

/// <summary>The run's span: started with the session's run, an event per epoch, its outcome at the end.</summary>
internal sealed partial class LeaseSession
{
    private Activity? span;

    private Activity? StartSpan()
    {
        span = TrainerTelemetry.Source.StartActivity(TrainerTelemetry.RunSpanName);
        span?.SetTag("neuron.tenant", lease.Tenant);
        span?.SetTag("neuron.run.id", RunId);
        span?.SetTag("neuron.run.recipe", lease.Run.Recipe);
        return span;
    }

    private void SpanEpoch(int epoch, double loss)
    {
        if (span is null)
        {
            return;
        }

        span.AddEvent(new ActivityEvent("epoch", tags: new ActivityTagsCollection
        {
            ["neuron.run.epoch"] = epoch,
            ["neuron.run.loss"] = loss,
        }));
    }

    private void EndSpan(CompleteRunRequest request)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag("neuron.run.status", request.Status.ToString());
        if (request.Status is RunStatus.Failed)
        {
            span.SetStatus(ActivityStatusCode.Error, request.Error);
        }
    }
}
