using System.Diagnostics;

namespace NeuronEngine.Trainer.Telemetry;

/// <summary>The trainer's spans: one per training run, with an event per epoch.</summary>
internal static class TrainerTelemetry
{
    public const string ActivitySourceName = "NeuronEngine.Trainer";

    public const string RunSpanName = "neuron.training.run";

    /// <summary>Null from <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> unless a listener samples it (OTLP configured).</summary>
    public static ActivitySource Source { get; } = new(ActivitySourceName);
}
