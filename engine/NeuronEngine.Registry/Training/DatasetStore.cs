using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

/// <summary>The records of uploaded datasets; the files themselves are the server's to write and delete.</summary>
/// <remarks>
/// Thread-safe. Deleting checks for Queued or Running runs in the same transaction that deletes, and
/// <see cref="RunStore.Create"/> checks the datasets exist in its transaction, so a run never names a deleted dataset.
/// </remarks>
public sealed class DatasetStore
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

    /// <summary>Checks an upload's header before its bytes are received: InvalidArgument (<c>dataset_id</c>, <c>description</c>) or AlreadyExists.</summary>
    public void CheckNew(string tenant, string datasetId, string? description)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("dataset_id", RunRules.ValidateDatasetId(datasetId));
        RegistryRules.Check("description", ModelRules.ValidateDescription(description ?? string.Empty));
        using var connection = database.Open();
        if (Read(connection, null, tenant, datasetId) is not null)
        {
            throw AlreadyExists(datasetId);
        }
    }

    /// <summary>Records a dataset whose file is in place. Throws InvalidArgument or AlreadyExists (an upload of the same id finished first).</summary>
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

    /// <summary>Returns one dataset. Throws InvalidArgument (<c>dataset_id</c>) or NotFound.</summary>
    public UploadedDataset Get(string tenant, string datasetId)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("dataset_id", RunRules.ValidateDatasetId(datasetId));
        using var connection = database.Open();
        return Read(connection, null, tenant, datasetId) ?? throw NotFound(datasetId);
    }

    /// <summary>The tenant's datasets ordered by id.</summary>
    public IReadOnlyList<UploadedDataset> List(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        using var connection = database.Open();
        using var command = connection.Command(null, $"SELECT {Columns} FROM datasets WHERE tenant = $tenant ORDER BY dataset_id").With("$tenant", tenant);
        return ReadMany(command);
    }

    /// <summary>
    /// Deletes the record and returns it, so the caller can delete the file. Throws NotFound, or FailedPrecondition
    /// naming a Queued or Running run that uses it.
    /// </summary>
    public UploadedDataset Delete(string tenant, string datasetId)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("dataset_id", RunRules.ValidateDatasetId(datasetId));
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
                throw NeuronException.FailedPrecondition(
                    $"dataset \"{datasetId}\" is used by run \"{reader.GetString(0)}\", which is {RunStore.Display((RunStatus)reader.GetInt32(1))}; stop it or wait for it to end");
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
            throw NeuronException.NotFound($"{role} dataset \"{datasetId}\" not found");
        }
    }

    private static void CheckArguments(string tenant, string datasetId, string? description, string path, string sha256)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("dataset_id", RunRules.ValidateDatasetId(datasetId));
        RegistryRules.Check("description", ModelRules.ValidateDescription(description ?? string.Empty));
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

    private static NeuronException NotFound(string datasetId) => NeuronException.NotFound($"dataset \"{datasetId}\" not found");

    private static NeuronException AlreadyExists(string datasetId) => NeuronException.AlreadyExists($"dataset \"{datasetId}\" already exists");
}
