namespace NeuronEngine.Registry.EventTypes;

/// <summary>Event types per tenant: create, rename or reweight, delete while unused by a Published template, read.</summary>
/// <remarks>
/// Served by <see cref="EventTypeStore"/> (SQLite, single node) or <see cref="RedisEventTypeStore"/> (cluster mode).
/// Thread-safe; every write is one transaction, serializable against every other write of the control plane.
/// </remarks>
public interface IEventTypeStore
{
    /// <summary>
    /// Creates an event type. Throws InvalidArgument (<c>type</c>, <c>name</c>, <c>weight</c>), AlreadyExists, or
    /// ResourceExhausted when the tenant already has as many types as <see cref="RegistryLimits.EventTypes"/> allows.
    /// </summary>
    EventType Create(string tenant, string type, string name, int weight);

    /// <summary>Replaces the name and weight of an event type (the type string is immutable). Throws InvalidArgument or NotFound.</summary>
    EventType Update(string tenant, string type, string name, int weight);

    /// <summary>
    /// Deletes an event type. Throws FailedPrecondition naming the Published templates that use it (Drafts do not
    /// hold it: they are re-checked on Publish), or NotFound.
    /// </summary>
    void Delete(string tenant, string type);

    /// <summary>Returns one event type. Throws InvalidArgument (<c>type</c>) or NotFound.</summary>
    EventType Get(string tenant, string type);

    /// <summary>Returns one event type, or null when the tenant has none by that name.</summary>
    EventType? Find(string tenant, string type);

    /// <summary>
    /// Returns all of a tenant's event types ordered by type. A tenant has few, so this is also the way to
    /// fill an in-memory cache: one indexed range read.
    /// </summary>
    IReadOnlyList<EventType> List(string tenant);

    /// <summary>All of a tenant's event types keyed by type string, for an in-memory lookup cache.</summary>
    IReadOnlyDictionary<string, EventType> LoadAll(string tenant);

    /// <summary>
    /// <see cref="LoadAll"/> without holding a thread while the store answers (Track's cache fills this way). The
    /// SQLite store answers at once from its file, so it reads synchronously.
    /// </summary>
    Task<IReadOnlyDictionary<string, EventType>> LoadAllAsync(string tenant) => Task.FromResult(LoadAll(tenant));
}
