using System.Diagnostics.CodeAnalysis;

namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// Draws the pooled-history training batches: each sample is one user's serving-shaped history with a random
/// 20–50 % of it hidden; the rest is the model's input and the hidden items are its targets, so the model learns to
/// fill in what a user did rather than to copy its input.
/// </summary>
/// <remarks>
/// An epoch is <see cref="Passes"/> passes over every trainable user (a user with at least two history items), each
/// pass in a fresh seeded order with fresh masks; <see cref="Passes"/> is the fewest passes that give
/// <c>MinSamplesPerEpoch</c> samples. Everything random comes from one seeded <see cref="Random"/>, so the same seed
/// gives the same batches.
/// </remarks>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Reproducible sampling needs a seeded generator, not a secure one.")]
internal sealed class MaskedSampler
{
    private readonly RecentHistories _histories;
    private readonly PooledHistoryOptions _options;
    private readonly Random _random;
    private readonly int[] _users;
    private readonly int[] _positions;

    public MaskedSampler(RecentHistories histories, PooledHistoryOptions options, int batchSize, Random random)
    {
        _histories = histories;
        _options = options;
        _random = random;
        BatchSize = batchSize;
        _users = [.. Enumerable.Range(0, histories.UserCount).Where(u => histories.Items(u).Length >= 2)];
        _positions = new int[histories.HistoryLength];
        Passes = _users.Length == 0 ? 0 : (int)Math.Ceiling(options.MinSamplesPerEpoch / (double)_users.Length);
        SamplesPerEpoch = (long)Passes * _users.Length;
    }

    /// <summary>Users with at least two history items: one to hide and one to pool.</summary>
    public int TrainableUsers => _users.Length;

    /// <summary>Passes over the trainable users in one epoch.</summary>
    public int Passes { get; }

    public long SamplesPerEpoch { get; }

    public int BatchSize { get; }

    public long StepsPerEpoch => (SamplesPerEpoch + BatchSize - 1) / BatchSize;

    /// <summary>The users of one epoch in sample order.</summary>
    public int[] EpochOrder()
    {
        var order = new int[SamplesPerEpoch];
        for (var p = 0; p < Passes; p++)
        {
            var pass = order.AsSpan(p * _users.Length, _users.Length);
            _users.CopyTo(pass);
            _random.Shuffle(pass);
        }

        return order;
    }

    /// <summary>Builds one batch for <paramref name="users"/>: padded inputs and padded targets with their mask.</summary>
    public MaskedBatch Next(ReadOnlySpan<int> users)
    {
        var width = 1;
        foreach (var u in users)
        {
            width = Math.Max(width, _histories.Items(u).Length);
        }

        var batch = new MaskedBatch(users.Length, width, _options.InputDropout > 0 ? users.Length * _options.Dimensions : 0);
        for (var r = 0; r < users.Length; r++)
        {
            var items = _histories.Items(users[r]);
            var weights = _histories.Weights(users[r]);
            var n = items.Length;
            var fraction = _options.MinMaskFraction + ((_options.MaxMaskFraction - _options.MinMaskFraction) * _random.NextDouble());
            var hidden = Math.Clamp((int)Math.Round(fraction * n), 1, n - 1);
            var positions = _positions.AsSpan(0, n);
            for (var i = 0; i < n; i++)
            {
                positions[i] = i;
            }

            // Partial Fisher–Yates: the first `hidden` positions become a uniform random subset.
            for (var i = 0; i < hidden; i++)
            {
                var j = _random.Next(i, n);
                (positions[i], positions[j]) = (positions[j], positions[i]);
            }

            for (var i = 0; i < n; i++)
            {
                var at = (r * width) + i;
                if (i < hidden)
                {
                    batch.Targets[at] = items[positions[i]];
                    batch.TargetMask[at] = 1f / hidden;
                }
                else
                {
                    batch.Inputs[at] = items[positions[i]];
                    batch.InputWeights[at] = weights[positions[i]];
                }
            }
        }

        if (batch.DropoutScale.Length > 0)
        {
            var keep = 1 - _options.InputDropout;
            for (var i = 0; i < batch.DropoutScale.Length; i++)
            {
                batch.DropoutScale[i] = _random.NextDouble() < keep ? (float)(1 / keep) : 0f;
            }
        }

        return batch;
    }
}
