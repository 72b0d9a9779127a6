using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Evaluation;

internal sealed partial class RankingEvaluator
{
    /// <summary>
    /// Evaluates a model that scores users in batches: the metric maths is the per-user path's, only the scoring is
    /// batched. Batches are scored one after the other (the scorer may use many threads itself); each batch's users
    /// are then ranked in parallel.
    /// </summary>
    /// <param name="name">The model's name for the result.</param>
    /// <param name="train">Training interactions: removed from the ranking.</param>
    /// <param name="eval">Held-out interactions, in the same id space.</param>
    /// <param name="scorer">Scores a batch of users.</param>
    /// <param name="batchSize">Users per batch, 1 or more.</param>
    /// <param name="users">The eval users to average over (each with held-out items); default all of them.</param>
    /// <param name="cancellationToken">Checked between batches and between users.</param>
    public EvaluationResult EvaluateBatched(
        string name, InteractionSet train, InteractionSet eval, BatchScorer scorer, int batchSize, IReadOnlyList<int>? users = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var chosen = CheckUsers(train, eval, users);
        var results = new (double Ndcg, double Recall, double HitRate)[chosen.Length];
        var items = train.ItemCount;
        var scores = new float[(long)Math.Min(batchSize, Math.Max(chosen.Length, 1)) * items];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        for (var start = 0; start < chosen.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, chosen.Length - start);
            scorer(chosen.AsSpan(start, count), scores.AsSpan(0, count * items));
            var offset = start;
            Parallel.For(
                0,
                count,
                parallel,
                () => new Buffers(items),
                (row, _, buffers) =>
                {
                    results[offset + row] = RankUser(chosen[offset + row], train, eval, scores.AsSpan(row * items, items), buffers);
                    return buffers;
                },
                static _ => { });
        }

        return Average(name, results, items);
    }
}
