using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Recipes;

/// <summary>
/// Each user's serving-shaped history: the most recent <c>historyLength</c> training interactions, newest first
/// (ties by item index), weighted by the template's signal weight. The engine feeds a model exactly this (its recency
/// decay is relative to "now" and off by default), so training samples, evaluation and the export check all start here.
/// </summary>
internal sealed class RecentHistories
{
    private readonly int[] offsets;
    private readonly int[] items;
    private readonly float[] weights;

    /// <param name="train">The training set.</param>
    /// <param name="historyLength">The most recent interactions kept per user, 1 or more.</param>
    /// <param name="binary">Weight every interaction 1 instead of its signal weight (<see cref="IRecipe.BinaryInputs"/>).</param>
    public RecentHistories(InteractionSet train, int historyLength, bool binary = false)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(historyLength);
        HistoryLength = historyLength;
        offsets = new int[train.UserCount + 1];
        for (var u = 0; u < train.UserCount; u++)
        {
            offsets[u + 1] = offsets[u] + Math.Min(historyLength, train.ForUser(u).Length);
        }

        items = new int[offsets[^1]];
        weights = new float[offsets[^1]];
        var scratch = new List<Interaction>();
        for (var u = 0; u < train.UserCount; u++)
        {
            scratch.Clear();
            foreach (var x in train.ForUser(u))
            {
                scratch.Add(x);
            }

            scratch.Sort(static (a, b) => a.TimestampMicros != b.TimestampMicros ? b.TimestampMicros.CompareTo(a.TimestampMicros) : a.Item.CompareTo(b.Item));
            for (var i = offsets[u]; i < offsets[u + 1]; i++)
            {
                items[i] = scratch[i - offsets[u]].Item;
                weights[i] = binary ? 1f : scratch[i - offsets[u]].Weight;
            }
        }
    }

    /// <summary>The most interactions kept per user.</summary>
    public int HistoryLength { get; }

    /// <summary>Users in the id space.</summary>
    public int UserCount => offsets.Length - 1;

    /// <summary>The user's kept item indexes, newest first.</summary>
    public ReadOnlySpan<int> Items(int user) => items.AsSpan(offsets[user], offsets[user + 1] - offsets[user]);

    /// <summary>The weights of <see cref="Items"/>.</summary>
    public ReadOnlySpan<float> Weights(int user) => weights.AsSpan(offsets[user], offsets[user + 1] - offsets[user]);

    /// <summary>
    /// Writes the users' histories as the model contract's padded inputs: row r of <paramref name="items"/> and
    /// <paramref name="weights"/> (each <c>users.Length × width</c>) holds user r's history, padded with item 0 at weight 0.
    /// </summary>
    /// <returns>The width: the longest history among the users, at least 1.</returns>
    public int Fill(ReadOnlySpan<int> users, out long[] items, out float[] weights)
    {
        var width = 1;
        foreach (var u in users)
        {
            width = Math.Max(width, offsets[u + 1] - offsets[u]);
        }

        items = new long[users.Length * width];
        weights = new float[users.Length * width];
        for (var r = 0; r < users.Length; r++)
        {
            var its = Items(users[r]);
            var ws = Weights(users[r]);
            for (var i = 0; i < its.Length; i++)
            {
                items[(r * width) + i] = its[i];
                weights[(r * width) + i] = ws[i];
            }
        }

        return width;
    }
}
