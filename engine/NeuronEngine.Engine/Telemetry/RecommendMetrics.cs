using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NeuronEngine.Engine.Telemetry;

/// <summary>
/// <c>neuron.recommend.stage.duration</c>: where a Recommend call's time goes, by <c>stage</c> — <c>history</c> (the
/// user's history from the counters, mapped to model inputs), <c>inference</c> (the cached exclusion mask, then waiting
/// for and running the batched ONNX inference) and <c>filter</c> (dropping seen and excluded items, building the
/// response; or picking popular items for a user without usable history).
/// </summary>
/// <remarks>On the hot path: callers take <see cref="Stopwatch.GetTimestamp"/> marks, and recording allocates nothing.</remarks>
internal sealed class RecommendMetrics
{
    private static readonly KeyValuePair<string, object?> History = new("stage", "history");
    private static readonly KeyValuePair<string, object?> Inference = new("stage", "inference");
    private static readonly KeyValuePair<string, object?> Filter = new("stage", "filter");

    private readonly Histogram<double> stages;

    public RecommendMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(EngineTelemetry.MeterName);
        stages = meter.CreateHistogram(
            "neuron.recommend.stage.duration", "s", "Time of each stage of a Recommend call: history, inference, filter.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.Latency });
    }

    /// <summary>False while nobody listens: callers skip taking timestamps.</summary>
    public bool Enabled => stages.Enabled;

    public void RecordHistory(long from, long to) => stages.Record(Seconds(from, to), History);

    public void RecordInference(long from, long to) => stages.Record(Seconds(from, to), Inference);

    public void RecordFilter(long from, long to) => stages.Record(Seconds(from, to), Filter);

    private static double Seconds(long from, long to) => (double)(to - from) / Stopwatch.Frequency;
}
