namespace NeuronEngine.Registry.Keys;

/// <summary>API keys: their salted hashes, tenants, roles and use. The secret itself is never stored.</summary>
/// <remarks>
/// Served by <see cref="KeyStore"/> (SQLite, single node) or <see cref="RedisKeyStore"/> (cluster mode). Keys are found
/// by their public id, which is unique across tenants (a secret names its key); every listing still filters on the
/// tenant. Thread-safe; every write is one transaction.
/// </remarks>
public interface IKeyStore
{
    /// <summary>Stores a new key. Throws AlreadyExists when the id is taken (a 64-bit random id: a retry picks another).</summary>
    ApiKeyRecord Create(string keyId, string name, string tenant, Roles roles, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> hash);

    /// <summary>The key with this id, revoked or not; null when there is none.</summary>
    /// <remarks>The authenticator calls this on a cache miss, on the request path: one round trip to the store.</remarks>
    ApiKeyRecord? Find(string keyId);

    /// <summary>
    /// <see cref="Find"/> without holding a thread while the store answers (cluster mode's periodic recheck of cached
    /// keys). The SQLite store answers at once from its file, so it reads synchronously.
    /// </summary>
    Task<ApiKeyRecord?> FindAsync(string keyId) => Task.FromResult(Find(keyId));

    /// <summary>A tenant's keys, revoked ones included, oldest first.</summary>
    IReadOnlyList<ApiKeyRecord> List(string tenant);

    /// <summary>How many keys the tenant has that are not revoked.</summary>
    int CountActive(string tenant);

    /// <summary>True when any key was ever made (revoked ones count: the engine made its bootstrap key already).</summary>
    bool Any();

    /// <summary>
    /// Revokes a key; a revoked key stays revoked (its first revocation time is kept). Throws FailedPrecondition when it
    /// is the last operator key not revoked: nobody could administer the engine from the network after it. Throws
    /// NotFound when there is no such key.
    /// </summary>
    /// <remarks>The last-operator check and the revocation are one transaction: two concurrent revocations of the last two
    /// operator keys cannot both pass it.</remarks>
    ApiKeyRecord Revoke(string keyId);

    /// <summary>Records when keys were last used (the authenticator batches these; a later time never goes back).</summary>
    void RecordUse(IEnumerable<(string KeyId, DateTimeOffset At)> uses);
}
