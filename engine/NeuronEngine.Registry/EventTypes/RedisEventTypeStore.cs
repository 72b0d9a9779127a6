using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Registry.Templates;
using StackExchange.Redis;

namespace NeuronEngine.Registry.EventTypes;

/// <summary>The Redis <see cref="IEventTypeStore"/> of cluster mode.</summary>
/// <remarks>
/// Keys: <c>{prefix}:event-types:{tenant}</c>, a hash from type string to a JSON <see cref="StoredEventType"/>. A tenant
/// has few types, so listing reads the whole hash and sorts by type (ASCII: ordinal order is SQLite's order). Delete
/// reads the tenant's templates (<see cref="RedisTemplateStore"/>'s hash) in its transaction, so a template published
/// concurrently either blocks the delete or fails its own re-check of the type.
/// </remarks>
public sealed class RedisEventTypeStore : IEventTypeStore
{
    private readonly RedisControlPlane plane;
    private readonly TimeProvider time;
    private readonly CountLimit limit;

    /// <param name="plane">The cluster's control plane.</param>
    /// <param name="time">The clock for created and updated times.</param>
    /// <param name="limits">How many types a tenant may define (<see cref="RegistryLimits.EventTypes"/>); none when null.</param>
    public RedisEventTypeStore(RedisControlPlane plane, TimeProvider time, IOptions<RegistryLimits>? limits = null)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(time);
        this.plane = plane;
        this.time = time;
        limit = limits?.Value.EventTypes ?? default;
    }

    /// <inheritdoc/>
    public EventType Create(string tenant, string type, string name, int weight)
    {
        EventTypeStore.ValidateKey(tenant, type);
        EventTypeStore.ValidateEditable(name, weight);

        var at = new DateTimeOffset(time.GetUtcNow().UtcTicks, TimeSpan.Zero);
        var created = new EventType(type, name, weight, at, at);
        var key = TypesKey(plane, tenant);
        plane.Transact(write =>
        {
            var exists = write.Read.HashExists(key, type);
            if (limit.IsSet && !exists)
            {
                // Counted in the transaction: a replica that adds a type meanwhile makes this one run again.
                var have = write.Read.HashLength(key);
                if (!limit.Allows(have, 1))
                {
                    throw EventTypeStore.LimitReached(limit, tenant, have);
                }
            }

            if (exists)
            {
                throw EventTypeStore.AlreadyExists(type);
            }

            write.HashSet(key, type, Encode(created));
        });

        return created;
    }

    /// <inheritdoc/>
    public EventType Update(string tenant, string type, string name, int weight)
    {
        EventTypeStore.ValidateKey(tenant, type);
        EventTypeStore.ValidateEditable(name, weight);

        var now = new DateTimeOffset(time.GetUtcNow().UtcTicks, TimeSpan.Zero);
        var key = TypesKey(plane, tenant);
        return plane.Transact(write =>
        {
            var current = Decode(tenant, type, write.Read.HashGet(key, type)) ?? throw EventTypeStore.NotFound(type);
            var updated = current with { Name = name, Weight = weight, Updated = now };
            write.HashSet(key, type, Encode(updated));
            return updated;
        });
    }

    /// <inheritdoc/>
    public void Delete(string tenant, string type)
    {
        EventTypeStore.ValidateKey(tenant, type);

        var key = TypesKey(plane, tenant);
        plane.Transact(write =>
        {
            var users = RedisTemplateStore.ReadAll(write.Read, plane, tenant)
                .Where(t => t.Template.Status == TemplateStatus.Published && t.Template.Signals.Any(s => s.Type == type))
                .Select(t => t.TemplateId)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (users.Count > 0)
            {
                throw EventTypeStore.InUse(type, users);
            }

            if (!write.Read.HashExists(key, type))
            {
                throw EventTypeStore.NotFound(type);
            }

            write.HashDelete(key, type);
        });
    }

    /// <inheritdoc/>
    public EventType Get(string tenant, string type) => Find(tenant, type) ?? throw EventTypeStore.NotFound(type);

    /// <inheritdoc/>
    public EventType? Find(string tenant, string type)
    {
        EventTypeStore.ValidateKey(tenant, type);
        return Decode(tenant, type, plane.Read(db => db.HashGet(TypesKey(plane, tenant), type)));
    }

    /// <inheritdoc/>
    public IReadOnlyList<EventType> List(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        return [.. plane.Read(db => ReadAll(db, plane, tenant)).Values.OrderBy(t => t.Type, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, EventType> LoadAll(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        return plane.Read(db => ReadAll(db, plane, tenant));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, EventType>> LoadAllAsync(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        var entries = await plane.ReadAsync(db => db.HashGetAllAsync(TypesKey(plane, tenant))).ConfigureAwait(false);
        return Decode(tenant, entries);
    }

    /// <summary>The hash of a tenant's event types.</summary>
    internal static RedisKey TypesKey(RedisControlPlane plane, string tenant) => plane.Key("event-types", tenant);

    /// <summary>All of a tenant's event types keyed by type, read through <paramref name="db"/> (a transaction's reads, or not).</summary>
    internal static Dictionary<string, EventType> ReadAll(IDatabase db, RedisControlPlane plane, string tenant) =>
        Decode(tenant, db.HashGetAll(TypesKey(plane, tenant)));

    /// <summary>Decodes the entries of a tenant's event-types hash.</summary>
    internal static Dictionary<string, EventType> Decode(string tenant, HashEntry[] entries)
    {
        var types = new Dictionary<string, EventType>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var type = (string)entry.Name!;
            types[type] = Decode(tenant, type, entry.Value)!;
        }

        return types;
    }

    private static EventType? Decode(string tenant, string type, RedisValue value) => value.IsNull
        ? null
        : RedisDocument.Decode(value, EventTypeJsonContext.Default.StoredEventType, $"event type \"{type}\" of tenant \"{tenant}\"").ToEventType(type);

    private static RedisValue Encode(EventType type) => RedisDocument.Encode(StoredEventType.From(type), EventTypeJsonContext.Default.StoredEventType);
}
