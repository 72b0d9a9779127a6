using System.Globalization;
using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

public sealed partial class RunStore
{
    /// <inheritdoc/>
    public IReadOnlySet<string> RunningIds()
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.Command(transaction, "SELECT run_id FROM training_runs WHERE status = $running")
            .With("$running", (int)RunStatus.Running);
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrainingRun> ExpireLeases()
    {
        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var expired = new List<(string Tenant, string RunId, string? Holder, DateTimeOffset Expires)>();
        using (var command = connection.Command(transaction, """
            SELECT tenant, run_id, lease_holder, lease_expires FROM training_runs WHERE status = $running AND lease_expires < $now
            """).With("$running", (int)RunStatus.Running).With("$now", now.UtcTicks))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                expired.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetTimestamp(3)));
            }
        }

        if (expired.Count == 0)
        {
            return [];
        }

        var runs = new List<TrainingRun>(expired.Count);
        foreach (var (tenant, runId, holder, expires) in expired)
        {
            Finish(connection, transaction, tenant, runId, RunStatus.Failed, ExpiredError(holder, expires), now);
            runs.Add(Find(connection, transaction, tenant, runId)!);
        }

        transaction.Commit();
        return runs;
    }

    /// <summary>The error of a run whose lease ran out.</summary>
    internal static string ExpiredError(string? holder, DateTimeOffset expires) => string.Create(CultureInfo.InvariantCulture,
        $"the trainer holding the run ({holder ?? "unknown"}) stopped reporting; its lease expired at {expires:yyyy-MM-ddTHH:mm:ss.fffZ}");
}
