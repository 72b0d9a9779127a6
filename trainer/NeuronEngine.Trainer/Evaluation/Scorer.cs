using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Evaluation;

/// <summary>
/// What a recipe offers evaluation: given a user's training interactions, a score for every item. Higher is better.
/// The evaluator removes the user's training items and ranks the rest, so a scorer need not do either.
/// </summary>
/// <remarks>The evaluator calls <see cref="Score"/> from several threads at once; implementations must allow it.</remarks>
internal abstract class Scorer
{
    /// <summary>A short name for reports (<c>popularity</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Writes one score per item into <paramref name="scores"/> (its length is the item count).</summary>
    /// <param name="user">The user's dense index.</param>
    /// <param name="history">The user's training interactions, sorted by item.</param>
    /// <param name="scores">Zeroed on entry; NaN and negative infinity mean "never recommend".</param>
    public abstract void Score(int user, ReadOnlySpan<Interaction> history, Span<float> scores);
}
