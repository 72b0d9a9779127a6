using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Trainer.Evaluation;

/// <summary>
/// The k best of n scores for evaluation and the export check, through the engine's own <see cref="TopKHeap"/> (the
/// one Recommend's neighbours use), so trainer and engine rank, and break ties, the same way: equal scores rank the
/// lower index first, and NaN and negative infinity are never picked.
/// </summary>
internal static class TopK
{
    /// <summary>
    /// Fills <paramref name="destination"/> with the indexes of the best scores, best first, and returns how many it
    /// wrote: fewer than its length when fewer scores are rankable.
    /// </summary>
    public static int Select(ReadOnlySpan<float> scores, Span<int> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        var heap = new TopKHeap(destination.Length);
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (s > float.NegativeInfinity && heap.WouldAccept(s))
            {
                heap.Add(i, s);
            }
        }

        Span<float> best = destination.Length <= 256 ? stackalloc float[destination.Length] : new float[destination.Length];
        return heap.DrainDescending(destination, best);
    }
}
