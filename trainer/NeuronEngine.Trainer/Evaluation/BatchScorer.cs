namespace NeuronEngine.Trainer.Evaluation;

/// <summary>
/// Scores a batch of users at once (one matrix product instead of one per user): writes row r of
/// <paramref name="scores"/> ([users, items], row-major) for <paramref name="users"/>[r]. Higher is better; the
/// evaluator removes training items itself.
/// </summary>
internal delegate void BatchScorer(ReadOnlySpan<int> users, Span<float> scores);
