using System.Diagnostics;

namespace NeuronEngine.Engine.Telemetry;

/// <summary>The names under which the engine publishes its metrics and traces.</summary>
public static class EngineTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> every engine instrument belongs to.</summary>
    public const string MeterName = "NeuronEngine";

    /// <summary>The .NET runtime's built-in meter (<c>dotnet.gc.*</c>, <c>dotnet.thread_pool.*</c>, …), exported too.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of the engine's spans.</summary>
    public const string ActivitySourceName = "NeuronEngine";

    /// <summary>
    /// The engine's spans. <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null unless a
    /// listener samples the span, so unobserved calls pay one check and allocate nothing.
    /// </summary>
    internal static ActivitySource Source { get; } = new(ActivitySourceName);
}
