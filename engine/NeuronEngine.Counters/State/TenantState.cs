namespace NeuronEngine.Counters.State;

/// <summary>
/// One tenant's in-memory part: the item and type ordinals and the small aggregates. The writer mutates
/// aggregates under <see cref="Sync"/>; readers copy them under it, so a snapshot is never half-updated.
/// </summary>
internal sealed class TenantState
{
    public TenantState(string name, int popularK)
    {
        Name = name;
        Popular = new TopK(popularK);
    }

    public string Name { get; }

    public StringInterner Items { get; } = new();

    public StringInterner Types { get; } = new();

    public Lock Sync { get; } = new();

    // The fields below are guarded by Sync.
    public long TotalEvents { get; set; }

    public long DistinctUsers { get; set; }

    public long DistinctItems { get; set; }

    /// <summary>Event counts by type ordinal.</summary>
    public Dictionary<int, long> TypeCounts { get; } = [];

    /// <summary>Event counts by (type ordinal, tag). Add entries through <see cref="CountEvent"/> or <see cref="RestoreTypeTag"/>.</summary>
    public Dictionary<(int Type, string Tag), long> TypeTagCounts { get; } = [];

    /// <summary>How many distinct tags each type ordinal has in <see cref="TypeTagCounts"/>, kept with it.</summary>
    public Dictionary<int, int> TagsPerType { get; } = [];

    public TopK Popular { get; }

    /// <summary>Counts one applied event. Caller holds <see cref="Sync"/>.</summary>
    public void CountEvent(int typeOrdinal, string[] tags)
    {
        TotalEvents++;
        TypeCounts[typeOrdinal] = TypeCounts.GetValueOrDefault(typeOrdinal) + 1;
        foreach (var tag in tags)
        {
            var key = (typeOrdinal, tag);
            var count = TypeTagCounts.GetValueOrDefault(key);
            TypeTagCounts[key] = count + 1;
            if (count == 0)
            {
                TagsPerType[typeOrdinal] = TagsPerType.GetValueOrDefault(typeOrdinal) + 1;
            }
        }
    }

    /// <summary>Sets one (type, tag) count read from a checkpoint. Caller holds <see cref="Sync"/> or owns the state alone.</summary>
    public void RestoreTypeTag(int typeOrdinal, string tag, long count)
    {
        if (TypeTagCounts.TryAdd((typeOrdinal, tag), count))
        {
            TagsPerType[typeOrdinal] = TagsPerType.GetValueOrDefault(typeOrdinal) + 1;
        }
        else
        {
            TypeTagCounts[(typeOrdinal, tag)] = count;
        }
    }
}
