using NeuronEngine.Core;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// One user's row of a (batched) inference: the history going in, the top <see cref="K"/> coming out. A caller keeps
/// and reuses its rows, so a call allocates nothing here once the buffers have grown to the sizes it needs.
/// </summary>
/// <remarks>Not thread-safe: a row belongs to one call at a time.</remarks>
public sealed class InferenceRow
{
    private long[] items = [];
    private float[] weights = [];
    private int[] indices = [];
    private float[] scores = [];

    /// <summary>Model item indices of the history, the first <see cref="Length"/> in use.</summary>
    public long[] Items => items;

    /// <summary>The weight of each history entry, parallel to <see cref="Items"/>.</summary>
    public float[] Weights => weights;

    /// <summary>History entries in use (at least 1 for a run).</summary>
    public int Length { get; set; }

    /// <summary>How many results this row wants (1 ≤ K ≤ the model's items).</summary>
    public int K { get; private set; }

    /// <summary>After a run: model item indices of the top <see cref="K"/>, best first.</summary>
    public int[] Indices => indices;

    /// <summary>After a run: the scores of <see cref="Indices"/>, descending (−∞ for an excluded item).</summary>
    public float[] Scores => scores;

    /// <summary>After a run: why this row has no results (the model broke its contract for it), or null.</summary>
    public NeuronException? Error { get; internal set; }

    /// <summary>Makes room for <paramref name="history"/> history entries; the contents are not kept.</summary>
    public void EnsureHistoryCapacity(int history)
    {
        if (items.Length < history)
        {
            items = new long[history];
            weights = new float[history];
        }
    }

    /// <summary>Asks for the top <paramref name="k"/> and makes room for them; clears the previous run's error.</summary>
    public void SetK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (indices.Length < k)
        {
            indices = new int[k];
            scores = new float[k];
        }

        K = k;
        Error = null;
    }
}
