using System.Diagnostics;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Recommend;

/// <summary>The Recommend span and the per-stage timings (<see cref="RecommendMetrics"/>).</summary>
/// <remarks>
/// A mark of 0 means "not timing": with no metrics listener the path takes no timestamps at all, and with no trace
/// listener there is no span to tag.
/// </remarks>
internal sealed partial class Recommender
{
    public const string SpanName = "neuron.recommend";
    public const string ModelFamilyTag = "neuron.model.family";
    public const string ModelVersionTag = "neuron.model.version";
    public const string PopularFallbackTag = "neuron.recommend.popular_fallback";

    private static void TagServed(Activity? activity, string tenant, VersionKey key)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("neuron.tenant", tenant);
        activity.SetTag(ModelFamilyTag, new FamilyRef(key.OwnerTenant, key.Family).ToString());
        activity.SetTag(ModelVersionTag, key.Version);
    }

    private long StartTiming() => metrics is { Enabled: true } ? Stopwatch.GetTimestamp() : 0;

    private long LapHistory(long mark)
    {
        if (mark == 0)
        {
            return 0;
        }

        var now = Stopwatch.GetTimestamp();
        metrics!.RecordHistory(mark, now);
        return now;
    }

    private long LapInference(long mark)
    {
        if (mark == 0)
        {
            return 0;
        }

        var now = Stopwatch.GetTimestamp();
        metrics!.RecordInference(mark, now);
        return now;
    }

    private void LapFilter(long mark)
    {
        if (mark != 0)
        {
            metrics!.RecordFilter(mark, Stopwatch.GetTimestamp());
        }
    }
}
