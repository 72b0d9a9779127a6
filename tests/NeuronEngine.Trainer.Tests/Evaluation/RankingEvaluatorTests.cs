using System.Diagnostics;
using Xunit.Abstractions;

namespace NeuronEngine.Trainer.Tests.Evaluation;

public sealed class RankingEvaluatorTests(ITestOutputHelper output)
{
    private static RankingEvaluator Evaluator(int threads = 2) => new(new EvaluationOptions { MaxDegreeOfParallelism = threads });

    [Fact]
    public void Evaluate_TrainingItemScoredHighest_ExcludedFromRanking()
    {
        // User 0 trained on item 0, which the scorer likes best; held out item 1, second best.
        var train = InteractionSet.Create([new Interaction(0, 0, 1, 1), new Interaction(1, 2, 1, 1)], 2, 4);
        var eval = InteractionSet.Create([new Interaction(0, 1, 1, 2)], 2, 4);
        var scorer = new FixedScorer([9f, 5f, 1f, 0f]);

        var result = Evaluator().Evaluate(train, eval, scorer);

        Assert.Equal((1.0, 1.0, 1.0, 1, 4), (result.Ndcg10, result.Recall20, result.HitRate10, result.Users, result.Items));
        Assert.Equal(1, scorer.HistoryLengths[0]);
        Assert.False(scorer.HistoryLengths.ContainsKey(1)); // no held-out items: not evaluated
    }

    [Fact]
    public void Evaluate_TwoUsers_AveragesHandComputedValues()
    {
        // Ranking for both (nothing trained that matters): items 3, 2, 1, 0.
        var train = InteractionSet.Create([new Interaction(0, 4, 1, 1), new Interaction(1, 4, 1, 1)], 2, 5);
        var eval = InteractionSet.Create([new Interaction(0, 3, 1, 2), new Interaction(1, 1, 1, 2), new Interaction(1, 0, 1, 2)], 2, 5);
        var scorer = new FixedScorer([1f, 2f, 3f, 4f, 100f]);

        var result = Evaluator().Evaluate(train, eval, scorer);

        // User 0: hit at rank 1 → 1. User 1: hits at ranks 3 and 4 → (1/log2 4 + 1/log2 5) / (1 + 1/log2 3).
        var user1 = (0.5 + (1 / Math.Log2(5))) / (1 + (1 / Math.Log2(3)));
        Assert.Equal((1 + user1) / 2, result.Ndcg10, 12);
        Assert.Equal(1.0, result.Recall20);
        Assert.Equal(1.0, result.HitRate10);
    }

    [Fact]
    public void Evaluate_PlantedPopularity_PopularityFindsHeldOutAndBeatsReversed()
    {
        var (train, eval) = Planted(users: 200, items: 300, seed: 3);
        var popularity = new PopularityScorer(train);
        var reversed = new FixedScorer(popularity.Popularity.ToArray().Select(p => -p).ToArray());

        var pop = Evaluator().Evaluate(train, eval, popularity);
        var bad = Evaluator().Evaluate(train, eval, reversed);

        Assert.Equal(1.0, pop.HitRate10);
        Assert.True(pop.Ndcg10 > 0.9, $"popularity NDCG@10 {pop.Ndcg10}");
        Assert.True(bad.Ndcg10 < 0.05, $"reversed NDCG@10 {bad.Ndcg10}");
    }

    [Fact]
    public void Evaluate_OneOrTwoThreads_IdenticalResults()
    {
        var (train, eval) = Planted(users: 300, items: 500, seed: 5);
        var popularity = new PopularityScorer(train);

        Assert.Equal(Evaluator(1).Evaluate(train, eval, popularity), Evaluator(2).Evaluate(train, eval, popularity));
    }

    [Fact]
    public void Evaluate_TenThousandUsersFiftyThousandItems_EvaluatesEveryUser()
    {
        var (train, eval) = Planted(users: 10_000, items: 50_000, seed: 11);
        var popularity = new PopularityScorer(train);

        var clock = Stopwatch.StartNew();
        var result = Evaluator().Evaluate(train, eval, popularity);
        clock.Stop();

        output.WriteLine($"popularity, 10,000 users × 50,000 items, 2 threads: {clock.Elapsed.TotalMilliseconds:F0} ms, NDCG@10 {result.Ndcg10:F4}");
        Assert.Equal(10_000, result.Users);
        Assert.Equal(1.0, result.HitRate10);
    }

    [Fact]
    public void EvaluateBatched_SameScoresAsPerUserPath_IdenticalResult()
    {
        var (train, eval) = Planted(users: 300, items: 500, seed: 5);
        var popularity = new PopularityScorer(train);
        BatchScorer batched = (users, scores) =>
        {
            for (var r = 0; r < users.Length; r++)
            {
                popularity.Popularity.CopyTo(scores.Slice(r * train.ItemCount, train.ItemCount));
            }
        };

        var perUser = Evaluator().Evaluate(train, eval, popularity);
        var inBatches = Evaluator().EvaluateBatched("popularity", train, eval, batched, batchSize: 64);

        Assert.Equal(perUser, inBatches);
    }

    [Fact]
    public void Evaluate_UserSubset_AveragesOnlyThoseUsers()
    {
        var train = InteractionSet.Create([new Interaction(0, 4, 1, 1), new Interaction(1, 4, 1, 1)], 2, 5);
        var eval = InteractionSet.Create([new Interaction(0, 3, 1, 2), new Interaction(1, 0, 1, 2)], 2, 5);
        var scorer = new FixedScorer([1f, 2f, 3f, 4f, 100f]);

        var result = Evaluator().Evaluate(train, eval, scorer, [0]);

        Assert.Equal((1.0, 1), (result.Ndcg10, result.Users));
        Assert.Throws<ArgumentException>(() => Evaluator().Evaluate(train, eval, scorer, [0, 1, 1, 3]));
    }

    [Fact]
    public void Constructor_ZeroThreads_Throws()
    {
        Assert.Throws<NeuronEngine.Core.NeuronException>(() => Evaluator(0));
    }

    /// <summary>
    /// Item popularity falls with the index (item i is trained by users with probability ∝ 1/(i+1)); each user's
    /// held-out item is the most popular item the user did not train on, so popularity ranks it first.
    /// </summary>
    internal static (InteractionSet Train, InteractionSet Eval) Planted(int users, int items, int seed)
    {
        var random = new Random(seed);
        var train = new List<Interaction>();
        var eval = new List<Interaction>();
        var picked = new HashSet<int>();
        for (var u = 0; u < users; u++)
        {
            picked.Clear();
            for (var j = 0; j < 20; j++)
            {
                // Zipf-like: small indexes far more often.
                picked.Add((int)Math.Min(items - 1, Math.Floor(Math.Pow(items, random.NextDouble())) - 1));
            }

            train.AddRange(picked.Select(i => new Interaction(u, i, 1 + random.Next(3), u)));
            var held = Enumerable.Range(0, items).First(i => !picked.Contains(i));
            eval.Add(new Interaction(u, held, 1, 1_000));
        }

        return (InteractionSet.Create(train, users, items), InteractionSet.Create(eval, users, items));
    }
}
