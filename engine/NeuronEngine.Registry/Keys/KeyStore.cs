using Microsoft.Data.Sqlite;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Keys;

/// <summary>API keys: their salted hashes, tenants, roles and use. The secret itself is never stored.</summary>
/// <remarks>
/// Keys are found by their public id, which is unique across tenants (a secret names its key), so this table is the
/// one whose primary key does not start with the tenant; every listing still filters on it. Thread-safe; each call is
/// one short local transaction.
/// </remarks>
public sealed class KeyStore
{
    private const string Columns = "key_id, name, tenant, roles, salt, hash, created, last_used, revoked";

    private readonly RegistryDatabase database;
    private readonly TimeProvider time;

    public KeyStore(RegistryDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        this.database = database;
        this.time = time;
    }

    /// <summary>Stores a new key. Throws AlreadyExists when the id is taken (a 64-bit random id: a retry picks another).</summary>
    public ApiKeyRecord Create(string keyId, string name, string tenant, Roles roles, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> hash)
    {
        RegistryRules.RequireTenant(tenant);
        var created = new DateTimeOffset(time.GetUtcNow().UtcTicks, TimeSpan.Zero);
        using var connection = database.Open();
        using var command = connection.Command(null, """
            INSERT INTO api_keys (key_id, name, tenant, roles, salt, hash, created)
            VALUES ($id, $name, $tenant, $roles, $salt, $hash, $created)
            ON CONFLICT (key_id) DO NOTHING
            """)
            .With("$id", keyId).With("$name", name).With("$tenant", tenant).With("$roles", (int)roles)
            .With("$salt", salt.ToArray()).With("$hash", hash.ToArray()).With("$created", created.UtcTicks);
        if (command.ExecuteNonQuery() == 0)
        {
            throw NeuronException.AlreadyExists($"key \"{keyId}\" already exists");
        }

        return new ApiKeyRecord(keyId, name, tenant, roles, salt.ToArray(), hash.ToArray(), created, null, null);
    }

    /// <summary>The key with this id, revoked or not; null when there is none.</summary>
    public ApiKeyRecord? Find(string keyId)
    {
        using var connection = database.Open();
        using var command = connection.Command(null, $"SELECT {Columns} FROM api_keys WHERE key_id = $id").With("$id", keyId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>A tenant's keys, revoked ones included, oldest first.</summary>
    public IReadOnlyList<ApiKeyRecord> List(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        using var connection = database.Open();
        using var command = connection.Command(null, $"SELECT {Columns} FROM api_keys WHERE tenant = $tenant ORDER BY created, key_id")
            .With("$tenant", tenant);
        using var reader = command.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (reader.Read())
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <summary>How many keys the tenant has that are not revoked.</summary>
    public int CountActive(string tenant)
    {
        using var connection = database.Open();
        using var command = connection.Command(null, "SELECT COUNT(*) FROM api_keys WHERE tenant = $tenant AND revoked IS NULL").With("$tenant", tenant);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True when any key was ever made (revoked ones count: the engine made its bootstrap key already).</summary>
    public bool Any()
    {
        using var connection = database.Open();
        return connection.Scalar(null, "SELECT EXISTS (SELECT 1 FROM api_keys)") is long and not 0;
    }

    /// <summary>
    /// Revokes a key; a revoked key stays revoked (its first revocation time is kept). Throws FailedPrecondition when it
    /// is the last operator key not revoked: nobody could administer the engine from the network after it.
    /// </summary>
    public ApiKeyRecord Revoke(string keyId)
    {
        var now = time.GetUtcNow().UtcTicks;
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var check = connection.Command(transaction, """
            SELECT (SELECT roles & $operator FROM api_keys WHERE key_id = $id AND revoked IS NULL),
                   (SELECT COUNT(*) FROM api_keys WHERE roles & $operator != 0 AND revoked IS NULL)
            """).With("$id", keyId).With("$operator", (int)Roles.Operator))
        {
            using var reader = check.ExecuteReader();
            reader.Read();
            if (!reader.IsDBNull(0) && reader.GetInt32(0) != 0 && reader.GetInt64(1) <= 1)
            {
                throw NeuronException.FailedPrecondition($"key \"{keyId}\" is the last operator key; create another operator key before revoking it");
            }
        }

        using var command = connection.Command(transaction, $"""
            UPDATE api_keys SET revoked = COALESCE(revoked, $now) WHERE key_id = $id
            RETURNING {Columns}
            """).With("$id", keyId).With("$now", now);
        ApiKeyRecord? revoked;
        using (var reader = command.ExecuteReader())
        {
            revoked = reader.Read() ? Read(reader) : null;
        }

        transaction.Commit();
        return revoked ?? throw NeuronException.NotFound($"key \"{keyId}\" not found");
    }

    /// <summary>Records when keys were last used (the authenticator batches these; a later time never goes back).</summary>
    public void RecordUse(IEnumerable<(string KeyId, DateTimeOffset At)> uses)
    {
        ArgumentNullException.ThrowIfNull(uses);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.Command(transaction, "UPDATE api_keys SET last_used = MAX(COALESCE(last_used, 0), $at) WHERE key_id = $id");
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        foreach (var use in uses)
        {
            id.Value = use.KeyId;
            at.Value = use.At.UtcTicks;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static ApiKeyRecord Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        (Roles)reader.GetInt32(3),
        (byte[])reader.GetValue(4),
        (byte[])reader.GetValue(5),
        reader.GetTimestamp(6),
        reader.GetNullableTimestamp(7),
        reader.GetNullableTimestamp(8));
}
