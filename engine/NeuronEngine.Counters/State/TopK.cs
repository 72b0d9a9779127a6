namespace NeuronEngine.Counters.State;

/// <summary>
/// The K items with the highest weighted counts, kept incrementally. Counts only grow, so every item
/// outside the set ranks below every member, and one comparison against the lowest member decides entry.
/// Ranking: weighted count descending, then item ordinal ascending, a total order, so the set is exactly
/// the top K of all items however the updates interleave. Not thread-safe: the tenant lock guards it.
/// </summary>
internal sealed class TopK
{
    private readonly int capacity;
    private readonly SortedSet<Entry> ranked = new();
    private readonly Dictionary<int, Entry> members = [];

    public TopK(int capacity) => this.capacity = capacity;

    public int Count => ranked.Count;

    public void Update(int itemOrdinal, long weightedCount, long eventCount)
    {
        var entry = new Entry(weightedCount, itemOrdinal, eventCount);
        if (members.Remove(itemOrdinal, out var old))
        {
            ranked.Remove(old);
        }
        else if (ranked.Count >= capacity)
        {
            var lowest = ranked.Max;
            if (entry.CompareTo(lowest) >= 0)
            {
                return;
            }

            ranked.Remove(lowest);
            members.Remove(lowest.ItemOrdinal);
        }

        ranked.Add(entry);
        members[itemOrdinal] = entry;
    }

    /// <summary>The best <paramref name="count"/> entries, best first.</summary>
    public Entry[] Top(int count)
    {
        var result = new Entry[Math.Min(count, ranked.Count)];
        var i = 0;
        foreach (var entry in ranked)
        {
            if (i == result.Length)
            {
                break;
            }

            result[i++] = entry;
        }

        return result;
    }

    internal readonly record struct Entry(long WeightedCount, int ItemOrdinal, long EventCount) : IComparable<Entry>
    {
        // Best first: a smaller entry ranks higher.
        public int CompareTo(Entry other)
        {
            var c = other.WeightedCount.CompareTo(WeightedCount);
            return c != 0 ? c : ItemOrdinal.CompareTo(other.ItemOrdinal);
        }
    }
}
