using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace NeuronEngine.LoadTests;

internal sealed class IngestResult(IngestOptions options, long events, long batches, long errors, TimeSpan elapsed, LongHistogram histogram)
{
    public long Errors => errors;

    public double EventsPerSecond => events / elapsed.TotalSeconds;

    private double Percentile(double p) => histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(p) * 1000.0 / Stopwatch.Frequency;

    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"ingest: {EventsPerSecond:N0} events/s acknowledged ({events:N0} events in {batches:N0} batches over {elapsed.TotalSeconds:F1} s), " +
        $"{options.Streams} streams x {options.InFlight} in flight x {options.Batch} events; " +
        $"batch ack latency p50 {Percentile(50):F2} ms, p99 {Percentile(99):F2} ms; errors {errors}");

    public string ToJson() => JsonSerializer.Serialize(new
    {
        scenario = "ingest",
        target = options.Target,
        streams = options.Streams,
        inFlight = options.InFlight,
        batch = options.Batch,
        seconds = elapsed.TotalSeconds,
        events,
        batches,
        errors,
        eventsPerSecond = EventsPerSecond,
        ackLatencyMs = new { p50 = Percentile(50), p90 = Percentile(90), p99 = Percentile(99), max = Percentile(100) },
    }, Indented);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
