namespace NeuronEngine.Trainer.Evaluation;

/// <summary>
/// Picks the k best of n scores with a k-sized min-heap in one pass: O(n + m·log k) where m is how often the heap
/// changes, which is small once the heap holds good scores, so ranking a catalog costs about one read of it, not a
/// sort. Equal scores rank the lower index first, so the result never varies.
/// </summary>
internal static class TopK
{
    /// <summary>
    /// Fills <paramref name="destination"/> with the indexes of the best scores, best first, and returns how many it
    /// wrote: fewer than its length when fewer scores are rankable. NaN and negative infinity are never picked.
    /// </summary>
    public static int Select(ReadOnlySpan<float> scores, Span<int> destination)
    {
        var k = destination.Length;
        if (k == 0)
        {
            return 0;
        }

        var heap = destination;
        var count = 0;
        var i = 0;
        // Fill phase: the first k rankable scores.
        for (; i < scores.Length && count < k; i++)
        {
            if (scores[i] > float.NegativeInfinity)
            {
                heap[count] = i;
                SiftUp(scores, heap, count++);
            }
        }

        // Scanning in index order, an equal score never beats the root: the earlier index keeps its place.
        var floor = count == k ? scores[heap[0]] : float.NegativeInfinity;
        for (; i < scores.Length; i++)
        {
            var s = scores[i];
            if (s > floor)
            {
                heap[0] = i;
                SiftDown(scores, heap, 0, k);
                floor = scores[heap[0]];
            }
        }

        // Heap sort: moving the worst to the back each time leaves the best first.
        for (var end = count - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(scores, heap, 0, end);
        }

        return count;
    }

    /// <summary>True when index <paramref name="a"/> ranks below <paramref name="b"/>.</summary>
    private static bool Worse(ReadOnlySpan<float> scores, int a, int b) => scores[a] < scores[b] || (scores[a] == scores[b] && a > b);

    private static void SiftUp(ReadOnlySpan<float> scores, Span<int> heap, int at)
    {
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (!Worse(scores, heap[at], heap[parent]))
            {
                return;
            }

            (heap[at], heap[parent]) = (heap[parent], heap[at]);
            at = parent;
        }
    }

    private static void SiftDown(ReadOnlySpan<float> scores, Span<int> heap, int at, int count)
    {
        while (true)
        {
            var worst = at;
            var left = (2 * at) + 1;
            if (left < count && Worse(scores, heap[left], heap[worst]))
            {
                worst = left;
            }

            if (left + 1 < count && Worse(scores, heap[left + 1], heap[worst]))
            {
                worst = left + 1;
            }

            if (worst == at)
            {
                return;
            }

            (heap[at], heap[worst]) = (heap[worst], heap[at]);
            at = worst;
        }
    }
}
