using HdrHistogram;

namespace NeuronEngine.LoadTests.Recording;

/// <summary>A copy of a <see cref="SeriesRecorder"/>'s state, safe to read while recording goes on.</summary>
internal sealed record SeriesSnapshot(
    string Name,
    HistogramBase Latency,
    HistogramBase Service,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, (long Requests, long Errors, HistogramBase Latency)> Phases,
    IReadOnlyList<(long Requests, long Errors, HistogramBase Latency)> Seconds)
{
    public long Ok => Latency.TotalCount;

    public long ErrorCount => Errors.Values.Sum();

    public long Requests => Ok + ErrorCount;
}
