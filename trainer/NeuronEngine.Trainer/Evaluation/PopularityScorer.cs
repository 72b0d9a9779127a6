using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Evaluation;

/// <summary>
/// The baseline every model must beat: each item scores the sum of its training interactions' weights, the same for
/// every user. Built from the run's own training set, so it is measured on the same split as the model.
/// </summary>
internal sealed class PopularityScorer : Scorer
{
    private readonly float[] popularity;

    /// <param name="train">The training set.</param>
    public PopularityScorer(InteractionSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        popularity = new float[train.ItemCount];
        foreach (var x in train.All)
        {
            popularity[x.Item] += x.Weight;
        }
    }

    /// <inheritdoc/>
    public override string Name => "popularity";

    /// <summary>Each item's summed training weight.</summary>
    public ReadOnlySpan<float> Popularity => popularity;

    /// <inheritdoc/>
    public override void Score(int user, ReadOnlySpan<Interaction> history, Span<float> scores) => popularity.CopyTo(scores);
}
