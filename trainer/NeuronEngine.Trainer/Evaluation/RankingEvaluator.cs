using NeuronEngine.Core;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Evaluation;

/// <summary>
/// Full-ranking evaluation (RECIPES.md): for each eval user, score every item, remove the user's training items,
/// take the top 20 and compare with the user's held-out items; no sampled negatives. Users run in parallel, each
/// thread with its own score buffer; per-user results are summed in user order, so the averages are the same
/// whatever the thread count.
/// </summary>
internal sealed partial class RankingEvaluator
{
    private readonly EvaluationOptions options;

    /// <param name="options">How to run.</param>
    public RankingEvaluator(EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
        }

        this.options = options;
    }

    /// <summary>Evaluates <paramref name="scorer"/> on the eval users of a split.</summary>
    public EvaluationResult Evaluate(TrainEvalDataset dataset, Scorer scorer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Evaluate(dataset.Train, dataset.Eval, scorer, cancellationToken);
    }

    /// <summary>Evaluates <paramref name="scorer"/> on every user with interactions in <paramref name="eval"/>.</summary>
    /// <param name="train">Training interactions: given to the scorer and removed from the ranking.</param>
    /// <param name="eval">Held-out interactions, in the same id space.</param>
    /// <param name="scorer">What to evaluate.</param>
    /// <param name="cancellationToken">Stops between users.</param>
    public EvaluationResult Evaluate(InteractionSet train, InteractionSet eval, Scorer scorer, CancellationToken cancellationToken = default) =>
        Evaluate(train, eval, scorer, null, cancellationToken);

    /// <summary>Evaluates <paramref name="scorer"/> on some eval users (a capped sample), averaging in their order.</summary>
    /// <param name="train">Training interactions: given to the scorer and removed from the ranking.</param>
    /// <param name="eval">Held-out interactions, in the same id space.</param>
    /// <param name="scorer">What to evaluate.</param>
    /// <param name="users">The eval users (each with held-out items); null for all of them.</param>
    /// <param name="cancellationToken">Stops between users.</param>
    public EvaluationResult Evaluate(InteractionSet train, InteractionSet eval, Scorer scorer, IReadOnlyList<int>? users, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var chosen = CheckUsers(train, eval, users);
        var results = new (double Ndcg, double Recall, double HitRate)[chosen.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(
            0,
            chosen.Length,
            parallel,
            () => new Buffers(train.ItemCount),
            (index, _, buffers) =>
            {
                var scores = buffers.Scores.AsSpan();
                scores.Clear();
                scorer.Score(chosen[index], train.ForUser(chosen[index]), scores);
                results[index] = RankUser(chosen[index], train, eval, scores, buffers);
                return buffers;
            },
            static _ => { });

        return Average(scorer.Name, results, train.ItemCount);
    }

    /// <summary>Every user with held-out items in <paramref name="eval"/>, in index order.</summary>
    public static int[] EvalUsers(InteractionSet eval)
    {
        ArgumentNullException.ThrowIfNull(eval);
        return [.. Enumerable.Range(0, eval.UserCount).Where(u => eval.ForUser(u).Length > 0)];
    }

    private static int[] CheckUsers(InteractionSet train, InteractionSet eval, IReadOnlyList<int>? users)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(eval);
        if (train.UserCount != eval.UserCount || train.ItemCount != eval.ItemCount)
        {
            throw new ArgumentException(
                $"train ({train.UserCount} users × {train.ItemCount} items) and eval ({eval.UserCount} × {eval.ItemCount}) must share one id space", nameof(eval));
        }

        var chosen = users?.ToArray() ?? EvalUsers(eval);
        foreach (var u in chosen)
        {
            if ((uint)u >= (uint)eval.UserCount || eval.ForUser(u).Length == 0)
            {
                throw new ArgumentException($"user {u} has no held-out items to evaluate", nameof(users));
            }
        }

        return chosen;
    }

    private static EvaluationResult Average(string name, (double Ndcg, double Recall, double HitRate)[] results, int items)
    {
        double ndcg = 0, recall = 0, hitRate = 0;
        foreach (var r in results)
        {
            ndcg += r.Ndcg;
            recall += r.Recall;
            hitRate += r.HitRate;
        }

        var n = Math.Max(results.Length, 1);
        return new EvaluationResult(name, ndcg / n, recall / n, hitRate / n, results.Length, items);
    }

    /// <summary>Ranks one user's scores (training items removed) and measures them against the held-out items.</summary>
    private static (double, double, double) RankUser(int user, InteractionSet train, InteractionSet eval, Span<float> scores, Buffers buffers)
    {
        foreach (var x in train.ForUser(user))
        {
            scores[x.Item] = float.NegativeInfinity;
        }

        var ranked = buffers.Ranked.AsSpan(0, TopK.Select(scores, buffers.Ranked));
        var heldOut = eval.ForUser(user);
        foreach (var x in heldOut)
        {
            buffers.Relevant[x.Item] = true;
        }

        var metrics = RankingMetrics.Compute(ranked, buffers.Relevant, heldOut.Length);
        foreach (var x in heldOut)
        {
            buffers.Relevant[x.Item] = false;
        }

        return metrics;
    }

    /// <summary>One thread's working memory, reused across its users.</summary>
    private sealed class Buffers(int items)
    {
        public float[] Scores { get; } = new float[items];

        public bool[] Relevant { get; } = new bool[items];

        public int[] Ranked { get; } = new int[RankingMetrics.Depth];
    }
}
