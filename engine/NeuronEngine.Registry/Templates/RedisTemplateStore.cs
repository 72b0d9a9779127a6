using NeuronEngine.Registry.EventTypes;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Templates;

/// <summary>The Redis <see cref="ITemplateStore"/> of cluster mode.</summary>
/// <remarks>
/// Keys: <c>{prefix}:templates:{tenant}</c>, a hash from template id to a JSON <see cref="StoredTemplate"/> holding its
/// signals (the client's weights, and the frozen ones once Published). A Draft's inherited weights come from the
/// tenant's event types (<see cref="RedisEventTypeStore"/>'s hash), read with the template in one MULTI/EXEC, so a read
/// sees one state of both, as SQLite's read transaction did. A tenant has few templates: listing reads the hash whole
/// and sorts by id (ASCII: ordinal order is SQLite's order).
/// </remarks>
public sealed class RedisTemplateStore : ITemplateStore
{
    // Reads a template (or all of them) and the tenant's event types at one instant: a script runs atomically.
    private const string ReadOneWithTypes = "return { redis.call('HGET', KEYS[1], ARGV[1]), redis.call('HGETALL', KEYS[2]) }";
    private const string ReadAllWithTypes = "return { redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]) }";

    private readonly RedisControlPlane plane;
    private readonly TimeProvider time;

    public RedisTemplateStore(RedisControlPlane plane, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(time);
        this.plane = plane;
        this.time = time;
    }

    /// <inheritdoc/>
    public Template Create(string tenant, TemplateSpec spec)
    {
        RegistryRules.RequireTenant(tenant);
        TemplateValidator.Validate(spec, idRequired: false);
        var id = TemplateStore.IdFor(spec);
        var now = time.GetUtcNow().UtcTicks;
        var stored = new StoredTemplate(spec.Name, spec.MinTotalEvents, spec.TagFilter ?? string.Empty, TemplateStatus.Draft, now, now, null, Signals(spec));

        var key = TemplatesKey(plane, tenant);
        return plane.Transact(write =>
        {
            var types = RedisEventTypeStore.ReadAll(write.Read, plane, tenant);
            TemplateStore.RequireKnownTypes(spec.Signals, types.ContainsKey);
            if (write.Read.HashExists(key, id))
            {
                throw TemplateStore.AlreadyExists(id);
            }

            write.HashSet(key, id, Encode(stored));
            return ToTemplate(id, stored, types);
        });
    }

    /// <inheritdoc/>
    public Template Update(string tenant, TemplateSpec spec)
    {
        RegistryRules.RequireTenant(tenant);
        TemplateValidator.Validate(spec, idRequired: true);
        var id = spec.TemplateId!;
        var now = time.GetUtcNow().UtcTicks;

        var key = TemplatesKey(plane, tenant);
        return plane.Transact(write =>
        {
            var current = Decode(tenant, id, write.Read.HashGet(key, id)) ?? throw TemplateStore.NotFound(id);
            if (current.Status == TemplateStatus.Published)
            {
                throw TemplateStore.NotEditable(id);
            }

            var types = RedisEventTypeStore.ReadAll(write.Read, plane, tenant);
            TemplateStore.RequireKnownTypes(spec.Signals, types.ContainsKey);
            var updated = current with
            {
                Name = spec.Name,
                MinTotalEvents = spec.MinTotalEvents,
                TagFilter = spec.TagFilter ?? string.Empty,
                Updated = now,
                Signals = Signals(spec),
            };
            write.HashSet(key, id, Encode(updated));
            return ToTemplate(id, updated, types);
        });
    }

    /// <inheritdoc/>
    public Template Publish(string tenant, string templateId)
    {
        TemplateStore.ValidateKey(tenant, templateId);
        var now = time.GetUtcNow().UtcTicks;

        var key = TemplatesKey(plane, tenant);
        return plane.Transact(write =>
        {
            var draft = Decode(tenant, templateId, write.Read.HashGet(key, templateId)) ?? throw TemplateStore.NotFound(templateId);
            if (draft.Status == TemplateStatus.Published)
            {
                throw TemplateStore.AlreadyPublished(templateId);
            }

            // The types are read in the transaction: an event type deleted by another replica meanwhile makes this run
            // again and fail here, and a delete after this commit sees the template Published and is refused.
            var types = RedisEventTypeStore.ReadAll(write.Read, plane, tenant);
            var missing = draft.Signals.Where(s => !types.ContainsKey(s.Type)).Select(s => s.Type).ToList();
            if (missing.Count > 0)
            {
                throw TemplateStore.TypesGone(templateId, missing);
            }

            var published = draft with
            {
                Status = TemplateStatus.Published,
                Published = now,
                Updated = now,
                Signals = [.. draft.Signals.Select(s => s with { FrozenWeight = s.Weight ?? types[s.Type].Weight })],
            };
            write.HashSet(key, templateId, Encode(published));
            return ToTemplate(templateId, published, types);
        });
    }

    /// <inheritdoc/>
    public void Delete(string tenant, string templateId)
    {
        TemplateStore.ValidateKey(tenant, templateId);

        var key = TemplatesKey(plane, tenant);
        plane.Transact(write =>
        {
            if (!write.Read.HashExists(key, templateId))
            {
                throw TemplateStore.NotFound(templateId);
            }

            write.HashDelete(key, templateId);
        });
    }

    /// <inheritdoc/>
    public Template Get(string tenant, string templateId)
    {
        TemplateStore.ValidateKey(tenant, templateId);

        var read = (RedisResult[])plane.Read(db => db.ScriptEvaluate(
            ReadOneWithTypes, [TemplatesKey(plane, tenant), RedisEventTypeStore.TypesKey(plane, tenant)], [templateId]))!;
        var stored = Decode(tenant, templateId, (RedisValue)read[0]) ?? throw TemplateStore.NotFound(templateId);
        return ToTemplate(templateId, stored, RedisEventTypeStore.Decode(tenant, Entries(read[1])));
    }

    /// <inheritdoc/>
    public IReadOnlyList<Template> List(string tenant, TemplateStatus? status = null)
    {
        RegistryRules.RequireTenant(tenant);
        TemplateStore.ValidateStatusFilter(status);

        var read = (RedisResult[])plane.Read(db => db.ScriptEvaluate(
            ReadAllWithTypes, [TemplatesKey(plane, tenant), RedisEventTypeStore.TypesKey(plane, tenant)]))!;
        var known = RedisEventTypeStore.Decode(tenant, Entries(read[1]));
        return [.. Decode(tenant, Entries(read[0]))
            .Where(t => status is null || t.Template.Status == status)
            .OrderBy(t => t.TemplateId, StringComparer.Ordinal)
            .Select(t => ToTemplate(t.TemplateId, t.Template, known))];
    }

    /// <summary>The hash of a tenant's templates.</summary>
    internal static RedisKey TemplatesKey(RedisControlPlane plane, string tenant) => plane.Key("templates", tenant);

    /// <summary>All of a tenant's stored templates, unordered, read through <paramref name="db"/> (a transaction's reads, or not).</summary>
    internal static List<(string TemplateId, StoredTemplate Template)> ReadAll(IDatabase db, RedisControlPlane plane, string tenant) =>
        Decode(tenant, db.HashGetAll(TemplatesKey(plane, tenant)));

    private static List<(string TemplateId, StoredTemplate Template)> Decode(string tenant, HashEntry[] entries)
    {
        var templates = new List<(string, StoredTemplate)>(entries.Length);
        foreach (var entry in entries)
        {
            var id = (string)entry.Name!;
            templates.Add((id, Decode(tenant, id, entry.Value)!));
        }

        return templates;
    }

    /// <summary>A script's copy of an HGETALL reply (field, value, field, value, ...) as hash entries.</summary>
    private static HashEntry[] Entries(RedisResult reply)
    {
        var flat = (RedisValue[])reply!;
        var entries = new HashEntry[flat.Length / 2];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new HashEntry(flat[2 * i], flat[(2 * i) + 1]);
        }

        return entries;
    }

    private static StoredSignal[] Signals(TemplateSpec spec) => [.. spec.Signals.Select(s => new StoredSignal(s.Type, s.Weight, null, s.Threshold))];

    /// <summary>The template as callers see it: a signal's effective weight is the frozen one, else the client's, else its type's now.</summary>
    private static Template ToTemplate(string id, StoredTemplate stored, Dictionary<string, EventType> types) => new(
        id,
        stored.Name,
        [.. stored.Signals.Select(s => new TemplateSignal(
            s.Type, s.FrozenWeight ?? s.Weight ?? (types.TryGetValue(s.Type, out var type) ? type.Weight : null), s.Weight is null, s.Threshold))],
        stored.MinTotalEvents,
        stored.TagFilter,
        stored.Status,
        new DateTimeOffset(stored.Created, TimeSpan.Zero),
        new DateTimeOffset(stored.Updated, TimeSpan.Zero),
        stored.Published is { } published ? new DateTimeOffset(published, TimeSpan.Zero) : null);

    private static StoredTemplate? Decode(string tenant, string id, RedisValue value) =>
        value.IsNull ? null : RedisDocument.Decode(value, TemplateJsonContext.Default.StoredTemplate, $"template \"{id}\" of tenant \"{tenant}\"");

    private static RedisValue Encode(StoredTemplate template) => RedisDocument.Encode(template, TemplateJsonContext.Default.StoredTemplate);
}
