using System.Collections.Concurrent;
using NeuronEngine.Core;
using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Engine.Security;

/// <summary>
/// Turns a presented secret into its <see cref="Caller"/>. Keys are cached by id after their first use, so a call with
/// a known key costs one SHA-256 of ~80 bytes and a constant-time compare, and allocates nothing; a revocation made
/// through <see cref="Revoked"/> reaches the cache before the revoking call returns, so the next call is refused.
/// </summary>
internal sealed class KeyAuthenticator
{
    private readonly ConcurrentDictionary<string, Entry> cache = new(StringComparer.Ordinal);
    private const int MaxUnknown = 10_000;
    private static readonly TimeSpan UnknownFor = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> byId;
    // Ids the store did not have, and until when (ticks): a flood of made-up ids costs a query per id every 10 s, not one
    // per call; at most MaxUnknown are remembered.
    private readonly ConcurrentDictionary<string, long> unknown = new(StringComparer.Ordinal);
    private readonly Lock revoking = new();
    private long revocations;
    private readonly IKeyStore store;
    private readonly TimeProvider time;
    private readonly Cluster.ClusterInvalidations? cluster;

    /// <param name="store">Where keys are found on a cache miss.</param>
    /// <param name="time">The clock for last-use times.</param>
    /// <param name="cluster">
    /// Cluster mode: a revocation on any replica reaches this one's cache at once (a revoked key's next call here is
    /// refused), and after a lost subscription every stored key is looked up again.
    /// </param>
    public KeyAuthenticator(IKeyStore store, TimeProvider time, Cluster.ClusterInvalidations? cluster = null)
    {
        this.store = store;
        this.time = time;
        this.cluster = cluster;
        byId = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        cluster?.On(RevokedKind, RevokedElsewhere);
        cluster?.On(CreatedKind, ForgetUnknown);
    }

    private const string RevokedKind = "key-revoked";
    private const string CreatedKind = "key-created";

    /// <summary>
    /// The caller a secret belongs to. Throws Unauthenticated for anything but the secret of a key that is not revoked;
    /// the message says which (malformed, unknown, revoked) but never echoes the secret.
    /// </summary>
    public Caller Authenticate(ReadOnlySpan<char> secret)
    {
        if (!ApiKeySecret.TryGetKeyId(secret, out var keyId))
        {
            throw NeuronException.Unauthenticated("the API key is not a NeuronEngine key (expected nk_<id>_<secret>)");
        }

        if (!byId.TryGetValue(keyId, out var entry))
        {
            entry = Load(keyId.ToString()) ?? throw NeuronException.Unauthenticated("unknown API key");
        }

        if (!ApiKeySecret.Matches(entry.Salt, entry.Hash, secret))
        {
            throw NeuronException.Unauthenticated("unknown API key");
        }

        if (entry.Revoked)
        {
            throw NeuronException.Unauthenticated($"API key {entry.Caller.KeyId} (\"{entry.Caller.Name}\") was revoked");
        }

        entry.Touch(time.GetUtcNow().UtcTicks);
        return entry.Caller;
    }

    /// <summary>Records a revocation in the cache (after the store committed it).</summary>
    public void Revoked(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (revoking)
        {
            revocations++;
            if (cache.TryGetValue(key.KeyId, out var previous))
            {
                previous.Caller.MarkRevoked();
            }

            cache[key.KeyId] = new Entry(key, ephemeral: false);
        }

        cluster?.Publish(RevokedKind, key.KeyId);
    }

    /// <summary>Forgets that an id was unknown (a key was just made with it).</summary>
    public void Created(string keyId)
    {
        unknown.TryRemove(keyId, out _);
        cluster?.Publish(CreatedKind, keyId);
    }

    /// <summary>Another replica revoked a key (null: messages may have been lost, forget every stored key).</summary>
    private void RevokedElsewhere(string? keyId)
    {
        lock (revoking)
        {
            revocations++;
            foreach (var (id, entry) in cache)
            {
                if (!entry.Ephemeral && (keyId is null || id == keyId))
                {
                    // The next call loads the key again and meets its revocation; streams open with it end now.
                    cache.TryRemove(id, out _);
                    if (keyId is not null)
                    {
                        entry.Caller.MarkRevoked();
                    }
                }
            }
        }
    }

    /// <summary>Another replica made a key (null: forget every id remembered as unknown).</summary>
    private void ForgetUnknown(string? keyId)
    {
        if (keyId is null)
        {
            unknown.Clear();
        }
        else
        {
            unknown.TryRemove(keyId, out _);
        }
    }

    /// <summary>
    /// A key that lives in memory only, for this process's lifetime (the trainer sidecar's): never stored, so it dies with
    /// the engine. Returns its secret.
    /// </summary>
    public string AddEphemeral(string name, string tenant, Roles roles)
    {
        var key = KeyAdministration.NewKey.Make(name, tenant, roles, out var secret);
        cache[key.KeyId] = new Entry(new ApiKeyRecord(key.KeyId, name, tenant, roles, key.Salt, key.Hash, time.GetUtcNow(), null, null), ephemeral: true);
        return secret;
    }

    /// <summary>Stored keys used since their last recorded use; marks them recorded.</summary>
    public IReadOnlyList<(string KeyId, DateTimeOffset At)> TakeUses()
    {
        var uses = new List<(string, DateTimeOffset)>();
        foreach (var (keyId, entry) in cache)
        {
            if (!entry.Ephemeral && entry.TakeUse() is { } at)
            {
                uses.Add((keyId, new DateTimeOffset(at, TimeSpan.Zero)));
            }
        }

        return uses;
    }

    private Entry? Load(string keyId)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (unknown.TryGetValue(keyId, out var until) && until > now)
        {
            return null;
        }

        // The query runs outside any lock, so a slow or busy registry holds up only the calls that need it. A revocation
        // that lands while it runs is noticed by its count, and the load starts again: a key read before a revocation
        // committed never goes into the cache after the revocation did.
        while (true)
        {
            var seen = Volatile.Read(ref revocations);
            if (store.Find(keyId) is not { } key)
            {
                if (unknown.Count >= MaxUnknown)
                {
                    unknown.Clear();
                }

                unknown[keyId] = now + UnknownFor.Ticks;
                return null;
            }

            var entry = new Entry(key, ephemeral: false);
            lock (revoking)
            {
                if (revocations == seen)
                {
                    return cache.GetOrAdd(keyId, entry);
                }
            }
        }
    }

    private sealed class Entry(ApiKeyRecord key, bool ephemeral)
    {
        private long lastUsed = key.LastUsed?.UtcTicks ?? 0;
        private long recorded = key.LastUsed?.UtcTicks ?? 0;

        public Caller Caller { get; } = new(key.KeyId, key.Name, key.Tenant, key.Roles);

        public byte[] Salt { get; } = key.Salt.ToArray();

        public byte[] Hash { get; } = key.Hash.ToArray();

        public bool Revoked { get; } = key.Revoked is not null;

        public bool Ephemeral { get; } = ephemeral;

        /// <summary>Notes a use, to the minute: a key in constant use writes its shared field once a minute, not per call.</summary>
        public void Touch(long now)
        {
            if (now - Volatile.Read(ref lastUsed) >= TimeSpan.TicksPerMinute)
            {
                Volatile.Write(ref lastUsed, now);
            }
        }

        public long? TakeUse()
        {
            var used = Volatile.Read(ref lastUsed);
            if (used <= recorded)
            {
                return null;
            }

            recorded = used;
            return used;
        }
    }
}
