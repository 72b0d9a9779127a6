namespace NeuronEngine.Trainer.Tests.Evaluation;

/// <summary>Gives every user the same scores, and records the history length each user was given.</summary>
internal sealed class FixedScorer(float[] scores) : Scorer
{
    public override string Name => "fixed";

    public System.Collections.Concurrent.ConcurrentDictionary<int, int> HistoryLengths { get; } = new();

    public override void Score(int user, ReadOnlySpan<Interaction> history, Span<float> destination)
    {
        HistoryLengths[user] = history.Length;
        scores.CopyTo(destination);
    }
}
