using System.Diagnostics.CodeAnalysis;

namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// Draws the pooled-history training batches. Each epoch every trainable user's history is split into
/// <c>Folds</c> disjoint random folds, and each fold is the hidden target set of one sample whose input is the rest
/// of the history (each input item further dropped with probability <c>InputDropout</c>). So an epoch is one pass
/// through the training data: every history interaction is a target exactly once, and the model learns to fill in
/// what a user did rather than to copy its input.
/// </summary>
/// <remarks>
/// A user with fewer items than folds gets one fold per item. The samples of an epoch are shuffled across users.
/// Everything random comes from one seeded <see cref="Random"/>, so the same seed gives the same batches.
/// </remarks>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Reproducible sampling needs a seeded generator, not a secure one.")]
internal sealed class MaskedSampler
{
    private readonly RecentHistories histories;
    private readonly PooledHistoryOptions options;
    private readonly Random random;
    private readonly int[] users;
    private readonly int[] offsets;
    private readonly int[] folds;
    private readonly int[] dropped;

    public MaskedSampler(RecentHistories histories, PooledHistoryOptions options, int batchSize, Random random)
    {
        this.histories = histories;
        this.options = options;
        this.random = random;
        BatchSize = batchSize;
        users = [.. Enumerable.Range(0, histories.UserCount).Where(u => histories.Items(u).Length >= 2)];
        offsets = new int[histories.UserCount + 1];
        for (var u = 0; u < histories.UserCount; u++)
        {
            offsets[u + 1] = offsets[u] + histories.Items(u).Length;
        }

        dropped = new int[histories.HistoryLength];
        SamplesPerPass = users.Sum(u => (long)FoldsOf(u));
        Passes = SamplesPerPass == 0 ? 1 : (int)Math.Max(1, ((long)options.MinStepsPerEpoch * batchSize + SamplesPerPass - 1) / SamplesPerPass);
        SamplesPerEpoch = SamplesPerPass * Passes;

        // Each pass draws its own folds, kept until the epoch's batches are built.
        folds = new int[(long)offsets[^1] * Passes];
    }

    /// <summary>Samples in one pass through the training data: the folds of every trainable user.</summary>
    public long SamplesPerPass { get; }

    /// <summary>Passes an epoch makes: one, or more for a small data set whose single pass would be fewer than <c>MinStepsPerEpoch</c> steps.</summary>
    public int Passes { get; }

    /// <summary>Users with at least two history items: one to hide and one to pool.</summary>
    public int TrainableUsers => users.Length;

    /// <summary>Samples in one epoch: <see cref="Passes"/> × <see cref="SamplesPerPass"/>.</summary>
    public long SamplesPerEpoch { get; }

    public int BatchSize { get; }

    public long StepsPerEpoch => (SamplesPerEpoch + BatchSize - 1) / BatchSize;

    /// <summary>Draws the epoch's folds and returns its samples in a seeded random order.</summary>
    public Sample[] EpochOrder()
    {
        var order = new Sample[SamplesPerEpoch];
        var s = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            s = DrawPass(order, s, pass);
        }

        random.Shuffle(order);
        return order;
    }

    /// <summary>Draws fresh folds for every user and appends one sample per fold at <paramref name="s"/>; returns the next free slot.</summary>
    private int DrawPass(Sample[] order, int s, int pass)
    {
        foreach (var u in users)
        {
            var folds = Folds(u, pass);
            var k = FoldsOf(u);

            // Fold sizes differ by at most one: deal the items round-robin, then shuffle which item got which fold.
            for (var i = 0; i < folds.Length; i++)
            {
                folds[i] = i % k;
            }

            random.Shuffle(folds);
            for (var f = 0; f < k; f++)
            {
                order[s++] = new Sample(u, f, pass);
            }
        }

        return s;
    }

    /// <summary>
    /// Builds one batch for <paramref name="samples"/> of the last <see cref="EpochOrder"/>: padded inputs and padded
    /// targets with their mask.
    /// </summary>
    public MaskedBatch Next(ReadOnlySpan<Sample> samples)
    {
        var width = 1;
        foreach (var s in samples)
        {
            width = Math.Max(width, histories.Items(s.User).Length);
        }

        var batch = new MaskedBatch(samples.Length, width);
        for (var r = 0; r < samples.Length; r++)
        {
            var (user, fold, pass) = samples[r];
            var items = histories.Items(user);
            var weights = histories.Weights(user);
            var folds = Folds(user, pass);
            var hidden = 0;
            var kept = 0;
            var dropped = 0;
            for (var i = 0; i < items.Length; i++)
            {
                if (folds[i] == fold)
                {
                    batch.Targets[(r * width) + hidden++] = items[i];
                }
                else if (options.InputDropout == 0 || random.NextDouble() >= options.InputDropout)
                {
                    batch.Inputs[(r * width) + kept] = items[i];
                    batch.InputWeights[(r * width) + kept++] = weights[i];
                }
                else
                {
                    this.dropped[dropped++] = i;
                }
            }

            // Dropout never empties the input: one dropped item comes back, chosen at random.
            if (kept == 0)
            {
                var back = this.dropped[random.Next(dropped)];
                batch.Inputs[r * width] = items[back];
                batch.InputWeights[r * width] = weights[back];
            }

            for (var i = 0; i < hidden; i++)
            {
                batch.TargetMask[(r * width) + i] = 1f / hidden;
            }
        }

        return batch;
    }

    /// <summary>A user's folds this epoch: <c>Folds</c>, or one per item when the history is shorter.</summary>
    private int FoldsOf(int user) => Math.Min(options.Folds, histories.Items(user).Length);

    /// <summary>One training sample: the user, and which of the user's folds is hidden.</summary>
    internal readonly record struct Sample(int User, int Fold, int Pass = 0);

    /// <summary>The fold of each of <paramref name="user"/>'s history items in pass <paramref name="pass"/> of the epoch.</summary>
    private Span<int> Folds(int user, int pass) => folds.AsSpan((int)(((long)offsets[^1] * pass) + offsets[user]), offsets[user + 1] - offsets[user]);
}
