using NeuronEngine.Trainer.Evaluation;

namespace NeuronEngine.Trainer.Runs;

/// <summary>The metric names runs report and rubrics name, and how many ranked items each needs.</summary>
internal static class RunMetrics
{
    public const string Ndcg10 = "ndcg@10";
    public const string Recall20 = "recall@20";
    public const string HitRate10 = "hr@10";

    /// <summary>Every metric, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Ndcg10, Recall20, HitRate10];

    /// <summary>The cutoff k of a metric name, or null for an unknown name.</summary>
    public static int? Cutoff(string name) => name switch
    {
        Ndcg10 or HitRate10 => RankingMetrics.NdcgCutoff,
        Recall20 => RankingMetrics.RecallCutoff,
        _ => null,
    };

    /// <summary>The metrics of a result by name.</summary>
    public static Dictionary<string, double> Of(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(StringComparer.Ordinal) { [Ndcg10] = result.Ndcg10, [Recall20] = result.Recall20, [HitRate10] = result.HitRate10 };
    }
}
