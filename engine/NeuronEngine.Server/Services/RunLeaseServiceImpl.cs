using Grpc.Core;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Registry.Training;
using NeuronEngine.Engine.Training;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Server.Telemetry;

namespace NeuronEngine.Server.Services;

/// <summary>
/// neuron.v1.RunLeaseService: how trainer processes take queued runs and report back. Every call must carry the
/// trainer token (<see cref="TrainerToken"/>); calls name runs and leases, not tenants.
/// </summary>
internal sealed class RunLeaseServiceImpl(
    TrainerToken token,
    IRunStore runs,
    IDatasetStore datasets,
    DatasetFiles files,
    RunChanges changes,
    RunCompleter completer,
    IOptions<TrainingOptions> options,
    RunDirectories directories,
    RunEventSource events,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    TrainingMetrics metrics) : RunLeaseService.RunLeaseServiceBase
{
    /// <summary>Leases at once when a run is queued, otherwise waits (woken by <see cref="RunChanges.Queued"/>, not polling) up to <c>wait_ms</c>.</summary>
    public override async Task<LeaseRunResponse> LeaseRun(LeaseRunRequest request, ServerCallContext context)
    {
        token.Verify(context.RequestHeaders.GetValue(TrainerToken.Header));
        if (request.WaitMs is < 0 or > TrainingOptions.MaxLeaseWaitMs)
        {
            NeuronException.ThrowInvalidArgument("wait_ms", $"must be 0-{TrainingOptions.MaxLeaseWaitMs}, not {request.WaitMs}");
        }

        var lease = options.Value.Lease;
        var deadline = time.GetUtcNow() + TimeSpan.FromMilliseconds(request.WaitMs);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        while (true)
        {
            // A caller that hung up (or an engine stopping) must not be handed a run: nobody would train it until its lease ran out.
            if (stop.IsCancellationRequested)
            {
                return new LeaseRunResponse();
            }

            var queued = changes.NextQueued();
            if (runs.LeaseNext(request.TrainerId, lease) is { } leased)
            {
                changes.Changed(leased.Run.RunId);
                metrics.Leased(leased.Run.RunId);
                return new LeaseRunResponse { Lease = await ToContractAsync(leased, stop.Token) };
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return new LeaseRunResponse();
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            await Task.WhenAny(queued, Task.Delay(left, time, timeout.Token));
            await timeout.CancelAsync();
        }
    }

    public override Task<RenewLeaseResponse> RenewLease(RenewLeaseRequest request, ServerCallContext context)
    {
        token.Verify(context.RequestHeaders.GetValue(TrainerToken.Header));
        var stopRequested = runs.Renew(request.RunId, request.LeaseId, request.Progress.ToRegistry(), options.Value.Lease);
        changes.Changed(request.RunId);
        return Task.FromResult(new RenewLeaseResponse { StopRequested = stopRequested });
    }

    public override Task<Empty> ReportEpoch(ReportEpochRequest request, ServerCallContext context)
    {
        token.Verify(context.RequestHeaders.GetValue(TrainerToken.Header));
        if (request.Epoch is not { } epoch)
        {
            throw NeuronException.InvalidArgument("epoch", "must be set");
        }

        runs.AppendEpoch(request.RunId, request.LeaseId, new RunEpoch(epoch.Epoch, epoch.Loss, epoch.Metrics.ToDictionary(StringComparer.Ordinal)));
        changes.Changed(request.RunId);
        metrics.EpochReported(request.RunId);
        return Task.FromResult(new Empty());
    }

    public override Task<Empty> AppendRunLogs(AppendRunLogsRequest request, ServerCallContext context)
    {
        token.Verify(context.RequestHeaders.GetValue(TrainerToken.Header));
        runs.AppendLogs(request.RunId, request.LeaseId, request.Lines);
        return Task.FromResult(new Empty());
    }

    public override async Task<Run> CompleteRun(CompleteRunRequest request, ServerCallContext context)
    {
        token.Verify(context.RequestHeaders.GetValue(TrainerToken.Header));
        var run = await completer.CompleteAsync(request);
        return run.ToContract();
    }

    private async Task<RunLease> ToContractAsync(LeasedRun leased, CancellationToken cancellationToken)
    {
        var run = leased.Run;
        var (eventLog, position) = await events.PrepareAsync(run, cancellationToken);
        return new RunLease
        {
            LeaseId = leased.LeaseId,
            LeaseSeconds = options.Value.LeaseSeconds,
            Tenant = run.Tenant,
            Run = run.ToContract(),
            LogPosition = position,
            TrainDatasetPath = run.Spec.TrainDatasetId is { } train ? files.PathFor(datasets.Get(run.Tenant, train).Path) : string.Empty,
            EvalDatasetPath = run.Spec.EvalDatasetId is { } eval ? files.PathFor(datasets.Get(run.Tenant, eval).Path) : string.Empty,
            VersionName = run.VersionName,
            EventLogDirectory = eventLog,
            WorkDirectory = directories.For(run.RunId),
            Template = FrozenTemplateMapping.FromStored(run.Spec.FrozenTemplate),
        };
    }
}
