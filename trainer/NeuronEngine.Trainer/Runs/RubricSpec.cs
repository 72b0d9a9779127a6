namespace NeuronEngine.Trainer.Runs;

/// <summary>
/// The run's quality criteria: the primary metric (<c>ndcg@10</c>, <c>recall@20</c> or <c>hr@10</c>) drives early
/// stopping and picks the best epoch; gates are checked on the best epoch and recorded next to the version.
/// </summary>
/// <param name="PrimaryMetric">The metric early stopping watches.</param>
/// <param name="Gates">Gates: <c>beats_popularity</c> (relative gain of the primary metric over popularity on the
/// same eval set, e.g. 0.10) or <c>min_&lt;metric&gt;</c> (an absolute floor, e.g. <c>min_ndcg@10</c>).</param>
/// <param name="Patience">Evaluations without improvement before stopping early, 1 or more.</param>
internal sealed record RubricSpec(string PrimaryMetric, IReadOnlyList<RubricGateSpec> Gates, int Patience);
