using NeuronEngine.Engine.Telemetry;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace NeuronEngine.Server.Telemetry;

/// <summary><c>neuron.grpc.server.duration</c>: every call by method and final status.</summary>
internal sealed class GrpcMetrics
{
    /// <summary>Status names as gRPC spells them, indexed by <see cref="StatusCode"/>, so recording allocates nothing.</summary>
    private static readonly string[] StatusNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    private readonly Histogram<double> duration;

    public GrpcMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(EngineTelemetry.MeterName);
        duration = meter.CreateHistogram(
            "neuron.grpc.server.duration", "s", "Time from a call's start to its final status, by method and status (streams: the whole stream).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.Latency });
    }

    public bool Enabled => duration.Enabled;

    public static string StatusName(StatusCode code) => (uint)code < (uint)StatusNames.Length ? StatusNames[(int)code] : "UNKNOWN";

    public void Record(string method, StatusCode status, double seconds) =>
        duration.Record(seconds, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", StatusName(status)));
}
