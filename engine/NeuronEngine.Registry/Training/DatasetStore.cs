using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

/// <summary>The records of uploaded datasets in the SQLite registry (single-node mode).</summary>
/// <remarks>
/// Thread-safe. Deleting checks for Queued or Running runs in the same transaction that deletes, and
/// <see cref="RunStore.Create"/> checks the datasets exist in its transaction, so a run never names a deleted dataset.
/// </remarks>
public sealed class DatasetStore : IDatasetStore
{
    private const string Columns = "dataset_id, description, path, events, users, items, bytes, sha256, created";

    private readonly RegistryDatabase database;
    private readonly TimeProvider time;

    public DatasetStore(RegistryDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        this.database = database;
        this.time = time;
    }

    /// <inheritdoc/>
    public void CheckNew(string tenant, string datasetId, string? description)
    {
        CheckHeader(tenant, datasetId, description);
        using var connection = database.Open();
        if (Read(connection, null, tenant, datasetId) is not null)
        {
            throw AlreadyExists(datasetId);
        }
    }

    /// <inheritdoc/>
    public UploadedDataset Add(string tenant, string datasetId, string? description, string path, long events, long users, long items, long bytes, string sha256)
    {
        CheckArguments(tenant, datasetId, description, path, sha256);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var command = connection.Command(transaction, """
            INSERT INTO datasets (tenant, dataset_id, description, path, events, users, items, bytes, sha256, created)
            VALUES ($tenant, $id, $description, $path, $events, $users, $items, $bytes, $sha, $now)
            ON CONFLICT (tenant, dataset_id) DO NOTHING
            """))
        {
            command.With("$tenant", tenant).With("$id", datasetId).With("$description", description ?? string.Empty).With("$path", path)
                .With("$events", events).With("$users", users).With("$items", items).With("$bytes", bytes).With("$sha", sha256)
                .With("$now", time.GetUtcNow().UtcTicks);
            if (command.ExecuteNonQuery() == 0)
            {
                throw AlreadyExists(datasetId);
            }
        }

        var added = Read(connection, transaction, tenant, datasetId)!;
        transaction.Commit();
        return added;
    }

    /// <inheritdoc/>
    public UploadedDataset Get(string tenant, string datasetId)
    {
        CheckId(tenant, datasetId);
        using var connection = database.Open();
        return Read(connection, null, tenant, datasetId) ?? throw NotFound(datasetId);
    }

    /// <inheritdoc/>
    public IReadOnlyList<UploadedDataset> List(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        using var connection = database.Open();
        using var command = connection.Command(null, $"SELECT {Columns} FROM datasets WHERE tenant = $tenant ORDER BY dataset_id").With("$tenant", tenant);
        return ReadMany(command);
    }

    /// <inheritdoc/>
    public UploadedDataset Delete(string tenant, string datasetId)
    {
        CheckId(tenant, datasetId);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var dataset = Read(connection, transaction, tenant, datasetId) ?? throw NotFound(datasetId);
        using (var command = connection.Command(transaction, """
            SELECT run_id, status FROM training_runs
            WHERE tenant = $tenant AND status IN ($queued, $running) AND (train_dataset_id = $id OR eval_dataset_id = $id)
            ORDER BY created LIMIT 1
            """))
        {
            command.With("$tenant", tenant).With("$id", datasetId).With("$queued", (int)RunStatus.Queued).With("$running", (int)RunStatus.Running);
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                throw InUse(datasetId, reader.GetString(0), (RunStatus)reader.GetInt32(1));
            }
        }

        using (var command = connection.Command(transaction, "DELETE FROM datasets WHERE tenant = $tenant AND dataset_id = $id"))
        {
            command.With("$tenant", tenant).With("$id", datasetId).ExecuteNonQuery();
        }

        transaction.Commit();
        return dataset;
    }

    /// <summary>Throws NotFound unless the dataset exists; <paramref name="role"/> (train, eval) goes in the message.</summary>
    internal static void Require(SqliteConnection connection, SqliteTransaction transaction, string tenant, string datasetId, string role)
    {
        if (Read(connection, transaction, tenant, datasetId) is null)
        {
            throw NotFound(datasetId, role);
        }
    }

    /// <summary>Throws InvalidArgument (<c>dataset_id</c>) for a malformed id.</summary>
    internal static void CheckId(string tenant, string datasetId)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("dataset_id", RunRules.ValidateDatasetId(datasetId));
    }

    /// <summary>Throws InvalidArgument (<c>dataset_id</c>, <c>description</c>) for an upload's header.</summary>
    internal static void CheckHeader(string tenant, string datasetId, string? description)
    {
        CheckId(tenant, datasetId);
        RegistryRules.Check("description", ModelRules.ValidateDescription(description ?? string.Empty));
    }

    /// <summary>Throws InvalidArgument for the fields of a dataset to add, or ArgumentException for a missing path or hash.</summary>
    internal static void CheckArguments(string tenant, string datasetId, string? description, string path, string sha256)
    {
        CheckHeader(tenant, datasetId, description);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
    }

    private static UploadedDataset? Read(SqliteConnection connection, SqliteTransaction? transaction, string tenant, string datasetId)
    {
        using var command = connection.Command(transaction, $"SELECT {Columns} FROM datasets WHERE tenant = $tenant AND dataset_id = $id")
            .With("$tenant", tenant).With("$id", datasetId);
        var found = ReadMany(command);
        return found.Count > 0 ? found[0] : null;
    }

    private static List<UploadedDataset> ReadMany(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<UploadedDataset>();
        while (reader.Read())
        {
            result.Add(new UploadedDataset(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetString(7), reader.GetTimestamp(8)));
        }

        return result;
    }

    internal static NeuronException NotFound(string datasetId) => NeuronException.NotFound($"dataset \"{datasetId}\" not found");

    /// <summary>The NotFound of a run naming a dataset that does not exist; <paramref name="role"/> (train, eval) goes in the message.</summary>
    internal static NeuronException NotFound(string datasetId, string role) => NeuronException.NotFound($"{role} dataset \"{datasetId}\" not found");

    internal static NeuronException AlreadyExists(string datasetId) => NeuronException.AlreadyExists($"dataset \"{datasetId}\" already exists");

    internal static NeuronException InUse(string datasetId, string runId, RunStatus status) => NeuronException.FailedPrecondition(
        $"dataset \"{datasetId}\" is used by run \"{runId}\", which is {RunStore.Display(status)}; stop it or wait for it to end");
}
