using NeuronEngine.Registry.EventTypes;

namespace NeuronEngine.Engine.Ingest;

/// <summary>
/// Writes to a tenant's event types, for every front end (the gRPC EventTypeService, the web console): the store
/// enforces every rule (<see cref="IEventTypeStore"/>), and a write that succeeded drops the tenant's cached weights so
/// the next <c>Track</c> validates against it (on every replica in cluster mode).
/// </summary>
/// <remarks>Thread-safe. A write that throws leaves the store and the cache as they were.</remarks>
internal sealed class EventTypeAdministration(IEventTypeStore store, EventTypeCache cache)
{
    /// <summary>Creates a type. Throws InvalidArgument (<c>type</c>, <c>name</c>, <c>weight</c>), AlreadyExists or ResourceExhausted.</summary>
    public EventType Create(string tenant, string type, string name, int weight)
    {
        var created = store.Create(tenant, type, name, weight);
        cache.Invalidate(tenant);
        return created;
    }

    /// <summary>Renames or reweights a type. Throws InvalidArgument or NotFound.</summary>
    public EventType Update(string tenant, string type, string name, int weight)
    {
        var updated = store.Update(tenant, type, name, weight);
        cache.Invalidate(tenant);
        return updated;
    }

    /// <summary>Deletes a type. Throws FailedPrecondition naming the Published templates that use it, or NotFound.</summary>
    public void Delete(string tenant, string type)
    {
        store.Delete(tenant, type);
        cache.Invalidate(tenant);
    }

    /// <summary>One type. Throws InvalidArgument (<c>type</c>) or NotFound.</summary>
    public EventType Get(string tenant, string type) => store.Get(tenant, type);

    /// <summary>The tenant's types ordered by type.</summary>
    public IReadOnlyList<EventType> List(string tenant) => store.List(tenant);
}
