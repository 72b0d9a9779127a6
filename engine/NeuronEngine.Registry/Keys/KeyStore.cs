using Microsoft.Data.Sqlite;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Keys;

/// <summary>The SQLite <see cref="IKeyStore"/> of single-node mode.</summary>
/// <remarks>
/// Keys are found by their public id, which is unique across tenants (a secret names its key), so this table is the
/// one whose primary key does not start with the tenant; every listing still filters on it. Thread-safe; each call is
/// one short local transaction.
/// </remarks>
public sealed class KeyStore : IKeyStore
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

    /// <inheritdoc/>
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
            throw AlreadyExists(keyId);
        }

        return new ApiKeyRecord(keyId, name, tenant, roles, salt.ToArray(), hash.ToArray(), created, null, null);
    }

    /// <inheritdoc/>
    public ApiKeyRecord? Find(string keyId)
    {
        using var connection = database.Open();
        using var command = connection.Command(null, $"SELECT {Columns} FROM api_keys WHERE key_id = $id").With("$id", keyId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <inheritdoc/>
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

    /// <inheritdoc/>
    public int CountActive(string tenant)
    {
        using var connection = database.Open();
        using var command = connection.Command(null, "SELECT COUNT(*) FROM api_keys WHERE tenant = $tenant AND revoked IS NULL").With("$tenant", tenant);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool Any()
    {
        using var connection = database.Open();
        return connection.Scalar(null, "SELECT EXISTS (SELECT 1 FROM api_keys)") is long and not 0;
    }

    /// <inheritdoc/>
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
                throw LastOperator(keyId);
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
        return revoked ?? throw NotFound(keyId);
    }

    /// <inheritdoc/>
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

    internal static NeuronException AlreadyExists(string keyId) => NeuronException.AlreadyExists($"key \"{keyId}\" already exists");

    internal static NeuronException NotFound(string keyId) => NeuronException.NotFound($"key \"{keyId}\" not found");

    internal static NeuronException LastOperator(string keyId) =>
        NeuronException.FailedPrecondition($"key \"{keyId}\" is the last operator key; create another operator key before revoking it");

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
