using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Keys;

/// <summary>The Redis <see cref="IKeyStore"/> of cluster mode.</summary>
/// <remarks>
/// Keys: <c>{prefix}:keys</c>, a hash from key id to a JSON <see cref="StoredKey"/> (ids are unique across tenants, so
/// <see cref="Find"/> is one HGET); <c>{prefix}:keys-of:{tenant}</c>, a set of the tenant's key ids;
/// <c>{prefix}:keys-operators</c>, a set of the operator keys not revoked, which <see cref="Revoke"/> counts in its
/// transaction so two replicas cannot revoke the last two operator keys together. Keys are never deleted.
/// </remarks>
public sealed class RedisKeyStore : IKeyStore
{
    private readonly RedisControlPlane plane;
    private readonly TimeProvider time;
    private readonly RedisKey keys;
    private readonly RedisKey operators;

    public RedisKeyStore(RedisControlPlane plane, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(time);
        this.plane = plane;
        this.time = time;
        keys = plane.Key("keys");
        operators = plane.Key("keys-operators");
    }

    /// <inheritdoc/>
    public ApiKeyRecord Create(string keyId, string name, string tenant, Roles roles, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> hash)
    {
        RegistryRules.RequireTenant(tenant);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero((int)roles);

        var created = new ApiKeyRecord(keyId, name, tenant, roles, salt.ToArray(), hash.ToArray(), new DateTimeOffset(time.GetUtcNow().UtcTicks, TimeSpan.Zero), null, null);
        var stored = StoredKey.From(created);
        plane.Transact(write =>
        {
            if (write.Read.HashExists(keys, keyId))
            {
                throw KeyStore.AlreadyExists(keyId);
            }

            write.HashSet(keys, keyId, Encode(stored));
            write.SetAdd(TenantKeys(tenant), keyId);
            if (stored.IsOperator)
            {
                write.SetAdd(operators, keyId);
            }
        });

        return created;
    }

    /// <inheritdoc/>
    public ApiKeyRecord? Find(string keyId) =>
        string.IsNullOrEmpty(keyId) ? null : Decode(keyId, plane.Read(db => db.HashGet(keys, keyId)))?.ToRecord(keyId);

    /// <inheritdoc/>
    public async Task<ApiKeyRecord?> FindAsync(string keyId) =>
        string.IsNullOrEmpty(keyId) ? null : Decode(keyId, await plane.ReadAsync(db => db.HashGetAsync(keys, keyId)).ConfigureAwait(false))?.ToRecord(keyId);

    /// <inheritdoc/>
    public IReadOnlyList<ApiKeyRecord> List(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        return ReadTenant(tenant);
    }

    /// <inheritdoc/>
    public int CountActive(string tenant) => string.IsNullOrEmpty(tenant) ? 0 : ReadTenant(tenant).Count(k => k.Revoked is null);

    /// <inheritdoc/>
    public bool Any() => plane.Read(db => db.KeyExists(keys));

    /// <inheritdoc/>
    public ApiKeyRecord Revoke(string keyId)
    {
        var now = time.GetUtcNow().UtcTicks;
        return plane.Transact(write =>
        {
            var key = string.IsNullOrEmpty(keyId) ? null : Decode(keyId, write.Read.HashGet(keys, keyId));
            if (key is null)
            {
                throw KeyStore.NotFound(keyId);
            }

            if (key.Revoked is not null)
            {
                return key.ToRecord(keyId);
            }

            if (key.IsOperator)
            {
                // Counted in the transaction: a replica revoking another operator key meanwhile makes this run again.
                if (write.Read.SetLength(operators) <= 1)
                {
                    throw KeyStore.LastOperator(keyId);
                }

                write.SetRemove(operators, keyId);
            }

            var revoked = key with { Revoked = now };
            write.HashSet(keys, keyId, Encode(revoked));
            return revoked.ToRecord(keyId);
        });
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One transaction for the whole batch: each replica's recorder writes about once a minute, so a use keeps the later
    /// of two replicas' times whichever commits first.
    /// </remarks>
    public void RecordUse(IEnumerable<(string KeyId, DateTimeOffset At)> uses)
    {
        ArgumentNullException.ThrowIfNull(uses);
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (keyId, at) in uses)
        {
            if (!string.IsNullOrEmpty(keyId))
            {
                latest[keyId] = Math.Max(latest.GetValueOrDefault(keyId), at.UtcTicks);
            }
        }

        if (latest.Count == 0)
        {
            return;
        }

        var ids = latest.Keys.Select(id => (RedisValue)id).ToArray();
        plane.Transact(write =>
        {
            var values = write.Read.HashGet(keys, ids);
            var changed = new List<HashEntry>();
            for (var i = 0; i < ids.Length; i++)
            {
                var keyId = (string)ids[i]!;
                if (Decode(keyId, values[i]) is { } key && latest[keyId] > (key.LastUsed ?? 0))
                {
                    changed.Add(new HashEntry(ids[i], Encode(key with { LastUsed = latest[keyId] })));
                }
            }

            write.HashSet(keys, [.. changed]);
        });
    }

    /// <summary>A tenant's keys, oldest first (ties by id), as SQLite orders them.</summary>
    private List<ApiKeyRecord> ReadTenant(string tenant) => plane.Read(db =>
    {
        var ids = db.SetMembers(TenantKeys(tenant));
        if (ids.Length == 0)
        {
            return [];
        }

        var values = db.HashGet(keys, ids);
        var records = new List<ApiKeyRecord>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var keyId = (string)ids[i]!;
            if (Decode(keyId, values[i]) is { } key)
            {
                records.Add(key.ToRecord(keyId));
            }
        }

        records.Sort((a, b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : string.CompareOrdinal(a.KeyId, b.KeyId));
        return records;
    });

    private RedisKey TenantKeys(string tenant) => plane.Key("keys-of", tenant);

    private static StoredKey? Decode(string keyId, RedisValue value) =>
        value.IsNull ? null : RedisDocument.Decode(value, KeyJsonContext.Default.StoredKey, $"API key \"{keyId}\"");

    private static RedisValue Encode(StoredKey key) => RedisDocument.Encode(key, KeyJsonContext.Default.StoredKey);
}
