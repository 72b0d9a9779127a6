namespace NeuronEngine.Engine.Telemetry;

/// <summary>Histogram bucket boundaries, given to the instruments as advice so every exporter uses them.</summary>
internal static class MetricBuckets
{
    /// <summary>Call and stage latencies, in seconds: 50 µs to 10 s, denser where Recommend and Track live.</summary>
    public static readonly IReadOnlyList<double> Latency =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Slow operations (promotions, checkpoints, training epochs), in seconds: 10 ms to 2 hours.</summary>
    public static readonly IReadOnlyList<double> Slow =
        [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

    /// <summary>Counts of things in one group (batches per group commit): powers of two to 4096.</summary>
    public static readonly IReadOnlyList<double> Count =
        [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
}
