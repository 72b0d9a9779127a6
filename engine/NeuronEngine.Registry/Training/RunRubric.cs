namespace NeuronEngine.Registry.Training;

/// <summary>A run's quality criteria: the primary metric early stopping watches, the gates, and the patience.</summary>
/// <param name="PrimaryMetric"><c>ndcg@10</c>, <c>recall@20</c> or <c>hr@10</c>.</param>
/// <param name="Gates">Checked on the best epoch and shown next to the version.</param>
/// <param name="Patience">Evaluations without improvement before stopping early, 1–50.</param>
/// <remarks>Equality of <see cref="Gates"/> is by reference, as for any list in a record.</remarks>
public sealed record RunRubric(string PrimaryMetric, IReadOnlyList<RubricGate> Gates, int Patience)
{
    /// <summary>The rubric of a run that names none: NDCG@10, patience 3, beat popularity by at least 10 %.</summary>
    public static RunRubric Default { get; } = new(RunRules.DefaultPrimaryMetric, [new RubricGate(RunRules.BeatsPopularity, 0.10)], RunRules.DefaultPatience);
}
