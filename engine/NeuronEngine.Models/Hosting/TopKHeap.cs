namespace NeuronEngine.Models.Hosting;

/// <summary>Keeps the k best (index, score) pairs seen: a min-heap on score, ties broken towards the lower index.</summary>
internal struct TopKHeap(int capacity)
{
    private readonly int[] indices = new int[capacity];
    private readonly float[] scores = new float[capacity];
    private int count;

    public readonly bool WouldAccept(float score) => count < indices.Length || score > scores[0];

    public void Add(int index, float score)
    {
        if (count < indices.Length)
        {
            indices[count] = index;
            scores[count] = score;
            SiftUp(count++);
        }
        else if (score > scores[0])
        {
            indices[0] = index;
            scores[0] = score;
            SiftDown(0);
        }
    }

    /// <summary>Writes the kept pairs best first and returns how many.</summary>
    public int DrainDescending(Span<int> outIndices, Span<float> outScores)
    {
        var n = count;
        for (var i = n - 1; i >= 0; i--)
        {
            outIndices[i] = indices[0];
            outScores[i] = scores[0];
            count--;
            indices[0] = indices[count];
            scores[0] = scores[count];
            SiftDown(0);
        }

        return n;
    }

    private readonly bool Less(int a, int b) => scores[a] < scores[b] || (scores[a] == scores[b] && indices[a] > indices[b]);

    private readonly void Swap(int a, int b)
    {
        (indices[a], indices[b]) = (indices[b], indices[a]);
        (scores[a], scores[b]) = (scores[b], scores[a]);
    }

    private readonly void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Less(i, parent))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private readonly void SiftDown(int i)
    {
        while (true)
        {
            var smallest = i;
            var left = (2 * i) + 1;
            var right = left + 1;
            if (left < count && Less(left, smallest))
            {
                smallest = left;
            }

            if (right < count && Less(right, smallest))
            {
                smallest = right;
            }

            if (smallest == i)
            {
                return;
            }

            Swap(i, smallest);
            i = smallest;
        }
    }
}
