using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.EventTypes;

/// <summary>The SQLite <see cref="IEventTypeStore"/> of single-node mode.</summary>
/// <remarks>
/// Thread-safe. Methods are synchronous because Microsoft.Data.Sqlite's async methods complete
/// synchronously anyway; each call is one short local transaction.
/// </remarks>
public sealed class EventTypeStore : IEventTypeStore
{
    private const string Columns = "type, name, weight, created, updated";

    private readonly RegistryDatabase database;
    private readonly TimeProvider time;
    private readonly CountLimit limit;

    /// <param name="database">The registry.</param>
    /// <param name="time">The clock for created and updated times.</param>
    /// <param name="limits">How many types a tenant may define (<see cref="RegistryLimits.EventTypes"/>); none when null.</param>
    public EventTypeStore(RegistryDatabase database, TimeProvider time, IOptions<RegistryLimits>? limits = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        this.database = database;
        this.time = time;
        limit = limits?.Value.EventTypes ?? default;
    }

    /// <inheritdoc/>
    public EventType Create(string tenant, string type, string name, int weight)
    {
        ValidateKey(tenant, type);
        ValidateEditable(name, weight);

        var now = time.GetUtcNow().UtcTicks;
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (limit.IsSet)
        {
            // Counted under the write lock the insert takes, so two creates cannot both pass the limit by one.
            long have;
            using (var count = connection.Command(transaction, "SELECT count(*) FROM event_types WHERE tenant = $tenant").With("$tenant", tenant))
            {
                have = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }

            if (!limit.Allows(have, 1) && Find(connection, transaction, tenant, type) is null)
            {
                throw LimitReached(limit, tenant, have);
            }
        }

        using var command = connection.Command(transaction, """
            INSERT INTO event_types (tenant, type, name, weight, created, updated)
            VALUES ($tenant, $type, $name, $weight, $now, $now)
            ON CONFLICT (tenant, type) DO NOTHING
            """)
            .With("$tenant", tenant).With("$type", type).With("$name", name).With("$weight", weight).With("$now", now);
        if (command.ExecuteNonQuery() == 0)
        {
            throw AlreadyExists(type);
        }

        transaction.Commit();
        var at = new DateTimeOffset(now, TimeSpan.Zero);
        return new EventType(type, name, weight, at, at);
    }

    /// <inheritdoc/>
    public EventType Update(string tenant, string type, string name, int weight)
    {
        ValidateKey(tenant, type);
        ValidateEditable(name, weight);

        using var connection = database.Open();
        using var command = connection.Command(null, $"""
            UPDATE event_types SET name = $name, weight = $weight, updated = $now
            WHERE tenant = $tenant AND type = $type
            RETURNING {Columns}
            """)
            .With("$tenant", tenant).With("$type", type).With("$name", name).With("$weight", weight)
            .With("$now", time.GetUtcNow().UtcTicks);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadEventType(reader) : throw NotFound(type);
    }

    /// <inheritdoc/>
    public void Delete(string tenant, string type)
    {
        ValidateKey(tenant, type);

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var users = new List<string>();
        using (var command = connection.Command(transaction, """
            SELECT DISTINCT t.template_id FROM template_signals s
            JOIN templates t ON t.tenant = s.tenant AND t.template_id = s.template_id
            WHERE s.tenant = $tenant AND s.type = $type AND t.status = $published
            ORDER BY t.template_id
            """).With("$tenant", tenant).With("$type", type).With("$published", (int)Templates.TemplateStatus.Published))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                users.Add(reader.GetString(0));
            }
        }

        if (users.Count > 0)
        {
            throw InUse(type, users);
        }

        using (var command = connection.Command(transaction, "DELETE FROM event_types WHERE tenant = $tenant AND type = $type")
            .With("$tenant", tenant).With("$type", type))
        {
            if (command.ExecuteNonQuery() == 0)
            {
                throw NotFound(type);
            }
        }

        transaction.Commit();
    }

    /// <inheritdoc/>
    public EventType Get(string tenant, string type) => Find(tenant, type) ?? throw NotFound(type);

    /// <inheritdoc/>
    public EventType? Find(string tenant, string type)
    {
        ValidateKey(tenant, type);

        using var connection = database.Open();
        return Find(connection, null, tenant, type);
    }

    /// <inheritdoc/>
    public IReadOnlyList<EventType> List(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        using var connection = database.Open();
        return ReadAll(connection, null, tenant);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, EventType> LoadAll(string tenant) =>
        List(tenant).ToDictionary(t => t.Type, StringComparer.Ordinal);

    internal static List<EventType> ReadAll(SqliteConnection connection, SqliteTransaction? transaction, string tenant)
    {
        using var command = connection.Command(transaction, $"SELECT {Columns} FROM event_types WHERE tenant = $tenant ORDER BY type")
            .With("$tenant", tenant);
        using var reader = command.ExecuteReader();
        var types = new List<EventType>();
        while (reader.Read())
        {
            types.Add(ReadEventType(reader));
        }

        return types;
    }

    private static EventType? Find(SqliteConnection connection, SqliteTransaction? transaction, string tenant, string type)
    {
        using var command = connection.Command(transaction, $"SELECT {Columns} FROM event_types WHERE tenant = $tenant AND type = $type")
            .With("$tenant", tenant).With("$type", type);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadEventType(reader) : null;
    }

    private static EventType ReadEventType(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetTimestamp(3), reader.GetTimestamp(4));

    /// <summary>The checks every call naming a type starts with (both implementations).</summary>
    internal static void ValidateKey(string tenant, string type)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("type", TemplateRules.ValidateEventType(type));
    }

    internal static void ValidateEditable(string name, int weight)
    {
        RegistryRules.Check("name", RegistryRules.ValidateName(name));
        RegistryRules.Check("weight", TemplateRules.ValidateWeight(weight));
    }

    internal static NeuronException NotFound(string type) => NeuronException.NotFound($"event type \"{type}\" not found");

    internal static NeuronException AlreadyExists(string type) => NeuronException.AlreadyExists($"event type \"{type}\" already exists");

    internal static NeuronException LimitReached(CountLimit limit, string tenant, long have) => limit.Reached(tenant,
        string.Create(CultureInfo.InvariantCulture, $"it has {have} event types; delete one it no longer uses, or raise the limit"));

    /// <param name="type">The type being deleted.</param>
    /// <param name="users">The Published templates that use it, ordered by id.</param>
    internal static NeuronException InUse(string type, IEnumerable<string> users) => NeuronException.FailedPrecondition(
        $"event type \"{type}\" is used by Published template(s) {string.Join(", ", users.Select(u => $"\"{u}\""))}; delete those templates first");
}
