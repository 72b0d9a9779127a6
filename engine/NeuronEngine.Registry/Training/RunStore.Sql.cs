using Microsoft.Data.Sqlite;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

public sealed partial class RunStore
{
    private const string RunColumns = """
        tenant, run_id, template_id, template_name, frozen_template, recipe, epochs, batch_size, learning_rate, seed, rubric,
        family, actor, train_dataset_id, eval_dataset_id, log_position, status, created, started, finished, lease_holder,
        lease_expires, stop_requested, phase, epoch, step, steps_per_epoch, final_metrics, manifest, version_family,
        version_number, error
        """;

    /// <summary><see cref="RunColumns"/> with an empty manifest in place of the stored one, for listings.</summary>
    private static readonly string ListedColumns = RunColumns.Replace("final_metrics, manifest,", "final_metrics, '' AS manifest,", StringComparison.Ordinal);

    private static TrainingRun? Find(SqliteConnection connection, SqliteTransaction transaction, string tenant, string runId)
    {
        using var command = connection.Command(transaction, $"SELECT {RunColumns} FROM training_runs WHERE tenant = $tenant AND run_id = $run")
            .With("$tenant", tenant).With("$run", runId);
        var found = ReadRuns(connection, transaction, command);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Reads the runs <paramref name="command"/> selects (<see cref="RunColumns"/>), each with its epochs.</summary>
    private static List<TrainingRun> ReadRuns(SqliteConnection connection, SqliteTransaction transaction, SqliteCommand command)
    {
        var runs = new List<TrainingRun>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                runs.Add(ReadRun(reader));
            }
        }

        for (var i = 0; i < runs.Count; i++)
        {
            runs[i] = runs[i] with { EpochResults = ReadEpochs(connection, transaction, runs[i].Tenant, runs[i].RunId) };
        }

        return runs;
    }

    private static TrainingRun ReadRun(SqliteDataReader reader)
    {
        var tenant = reader.GetString(0);
        var runId = reader.GetString(1);
        var spec = new NewRun(
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetInt32(6),
            reader.GetInt32(7),
            reader.GetDouble(8),
            reader.GetInt64(9),
            RunJson.DecodeRubric(reader.GetString(10), runId),
            reader.GetString(11),
            reader.GetString(12),
            reader.IsDBNull(13) ? null : reader.GetString(13),
            reader.IsDBNull(14) ? null : reader.GetString(14),
            reader.GetInt64(15));
        return new TrainingRun(
            tenant,
            runId,
            spec,
            (RunStatus)reader.GetInt32(16),
            reader.GetTimestamp(17),
            reader.GetNullableTimestamp(18),
            reader.GetNullableTimestamp(19),
            reader.IsDBNull(20) ? null : reader.GetString(20),
            reader.GetNullableTimestamp(21),
            reader.GetInt32(22) != 0,
            new RunProgress(reader.GetString(23), reader.GetInt32(24), reader.GetInt64(25), reader.GetInt64(26)),
            [],
            RunJson.DecodeMetrics(reader.GetString(27), runId),
            reader.GetString(28),
            reader.IsDBNull(30) ? null : new VersionRef(new FamilyRef(tenant, reader.GetString(29)), reader.GetInt32(30)),
            reader.IsDBNull(31) ? null : reader.GetString(31));
    }

    private static List<RunEpoch> ReadEpochs(SqliteConnection connection, SqliteTransaction transaction, string tenant, string runId)
    {
        using var command = connection.Command(transaction, "SELECT epoch, loss, metrics FROM run_epochs WHERE tenant = $tenant AND run_id = $run ORDER BY epoch")
            .With("$tenant", tenant).With("$run", runId);
        using var reader = command.ExecuteReader();
        var epochs = new List<RunEpoch>();
        while (reader.Read())
        {
            epochs.Add(new RunEpoch(reader.GetInt32(0), reader.GetDouble(1), RunJson.DecodeMetrics(reader.GetString(2), runId)));
        }

        return epochs;
    }
}
