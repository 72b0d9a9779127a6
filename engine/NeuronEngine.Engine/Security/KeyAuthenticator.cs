using System.Collections.Concurrent;
using NeuronEngine.Core;
using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Engine.Security;

/// <summary>
/// Turns a presented secret into its <see cref="Caller"/>. Keys are cached by id after their first use, so a call with
/// a known key costs one SHA-256 of ~80 bytes and a constant-time compare, and allocates nothing; a revocation made
/// through <see cref="Revoked"/> reaches the cache before the revoking call returns, so the next call is refused.
/// </summary>
internal sealed partial class KeyAuthenticator
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
    private readonly ILogger logger;

    /// <param name="store">Where keys are found on a cache miss.</param>
    /// <param name="time">The clock for last-use times.</param>
    /// <param name="cluster">
    /// Cluster mode: a revocation on any replica reaches this one's cache at once (a revoked key's next call here is
    /// refused), and after a lost subscription every stored key is looked up again.
    /// </param>
    /// <param name="logger">Where a cluster-mode recheck that failed for a reason other than Redis being away is reported.</param>
    public KeyAuthenticator(IKeyStore store, TimeProvider time, Cluster.ClusterInvalidations? cluster = null, ILogger<KeyAuthenticator>? logger = null)
    {
        this.logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        this.store = store;
        this.time = time;
        this.cluster = cluster;
        byId = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        cluster?.On(RevokedKind, RevokedElsewhere);
        cluster?.On(CreatedKind, ForgetUnknown);
    }

    /// <summary>
    /// Cluster mode: a cached key is looked up again when its copy is older than this, so a revocation whose message
    /// was lost (its replica died between the commit and the publish) still takes effect within it everywhere.
    /// </summary>
    public static readonly TimeSpan ClusterRecheck = TimeSpan.FromSeconds(5);

    private static readonly long ClusterRecheckTicks = (long)(ClusterRecheck.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);

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
        else if (cluster is not null && !entry.Ephemeral && System.Diagnostics.Stopwatch.GetTimestamp() - entry.LoadedAt > ClusterRecheckTicks
            && entry.TryStartRecheck())
        {
            // In the background: this call goes on with the cached copy, and no request thread waits on Redis.
            _ = RecheckAsync(entry);
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

    /// <summary>
    /// Reads a cached key again (cluster mode), once per key at a time. While Redis cannot be reached the cached copy
    /// keeps answering, so authentication, and Recommend behind it, keep working from local state; the next try is
    /// <see cref="ClusterRecheck"/> later.
    /// </summary>
    private async Task RecheckAsync(Entry entry)
    {
        var keyId = entry.Caller.KeyId!;
        ApiKeyRecord? key;
        var seen = Volatile.Read(ref revocations);
        try
        {
            key = await store.FindAsync(keyId).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Redis away, or a record it cannot read: the copy keeps answering and the next try is a period later.
            // Nothing escapes this fire-and-forget task, and the recheck never stays claimed.
            if (ex is not (NeuronException { Kind: ErrorKind.Unavailable } or TimeoutException))
            {
                Log_RecheckFailed(logger, keyId, ex);
            }

            entry.EndRecheck(postpone: true);
            return;
        }

        if (key is null)
        {
            // Gone from the store: treat as revoked.
            entry.Caller.MarkRevoked();
            cache.TryRemove(new KeyValuePair<string, Entry>(keyId, entry));
            return;
        }

        var fresh = new Entry(key, ephemeral: false, entry);
        var published = false;
        lock (revoking)
        {
            if (revocations == seen && cache.TryGetValue(keyId, out var current) && current == entry)
            {
                cache[keyId] = fresh;
                published = true;
            }
        }

        if (fresh.Revoked)
        {
            entry.Caller.MarkRevoked();
        }

        if (!published)
        {
            // A revocation landed while it read: what it read may predate it. The next use reads again.
            entry.EndRecheck(postpone: false);
        }
    }

    /// <summary>Another replica revoked a key (null: messages may have been lost, forget every stored key).</summary>
    private void RevokedElsewhere(string? keyId)
    {
        lock (revoking)
        {
            revocations++;
            foreach (var (id, entry) in cache)
            {
                if (!entry.Ephemeral && keyId is null)
                {
                    // Messages may have been lost: every stored key is looked up again at its next use (a copy
                    // stays usable if Redis cannot be reached then).
                    entry.Expire();
                }
                else if (!entry.Ephemeral && id == keyId)
                {
                    // The next call loads the key again and meets its revocation; streams open with it end now.
                    cache.TryRemove(id, out _);
                    entry.Caller.MarkRevoked();
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

    [LoggerMessage(EventId = 1, EventName = "KeyRecheckFailed", Level = LogLevel.Error,
        Message = "Could not read API key {KeyId} again from the cluster's registry; its cached copy keeps answering and the next try is in 5 s")]
    private static partial void Log_RecheckFailed(ILogger logger, string keyId, Exception exception);

    private sealed class Entry(ApiKeyRecord key, bool ephemeral, Entry? previous = null)
    {
        // A fresh copy of a key keeps the caller object (streams hold it to learn of a revocation) and its uses.
        private long lastUsed = Math.Max(key.LastUsed?.UtcTicks ?? 0, previous is null ? 0 : Volatile.Read(ref previous.lastUsed));
        private long recorded = previous?.recorded ?? key.LastUsed?.UtcTicks ?? 0;
        private long loadedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        private int rechecking;

        public Caller Caller { get; } = previous?.Caller ?? new(key.KeyId, key.Name, key.Tenant, key.Roles);

        /// <summary>When this copy was read from the store (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
        public long LoadedAt => Volatile.Read(ref loadedAt);

        /// <summary>Makes the copy old, so its next use reads the key again.</summary>
        public void Expire() => Volatile.Write(ref loadedAt, long.MinValue / 2);

        /// <summary>True for the one caller that is to read this copy's key again (cluster mode's recheck).</summary>
        public bool TryStartRecheck() => Interlocked.CompareExchange(ref rechecking, 1, 0) == 0;

        /// <summary>A recheck that did not replace this copy: the next one is due at once, or one period from now.</summary>
        public void EndRecheck(bool postpone)
        {
            if (postpone)
            {
                Volatile.Write(ref loadedAt, System.Diagnostics.Stopwatch.GetTimestamp());
            }

            Volatile.Write(ref rechecking, 0);
        }

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
