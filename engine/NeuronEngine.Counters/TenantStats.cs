namespace NeuronEngine.Counters;

/// <summary>A snapshot of one tenant's aggregate counters; each event is reflected in all of them or in none.</summary>
/// <param name="TotalEvents">Applied events.</param>
/// <param name="EventsByType">Applied events per event type.</param>
/// <param name="EventsByTypeAndTag">Applied events per (type, tag); an event with several tags counts once under each.</param>
/// <param name="DistinctUsers">Users with at least one event.</param>
/// <param name="DistinctItems">Items with at least one event.</param>
public sealed record TenantStats(
    long TotalEvents,
    IReadOnlyDictionary<string, long> EventsByType,
    IReadOnlyDictionary<TypeTag, long> EventsByTypeAndTag,
    long DistinctUsers,
    long DistinctItems)
{
    /// <summary>The stats of a tenant with no events.</summary>
    public static TenantStats Empty { get; } = new(0, new Dictionary<string, long>(), new Dictionary<TypeTag, long>(), 0, 0);

    /// <summary>Events of <paramref name="type"/>, optionally only those carrying <paramref name="tag"/>.</summary>
    public long Count(string type, string? tag = null)
        => tag is null ? EventsByType.GetValueOrDefault(type) : EventsByTypeAndTag.GetValueOrDefault(new TypeTag(type, tag));
}
