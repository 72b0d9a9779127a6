using System.Globalization;
using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

public sealed partial class RunStore
{
    /// <inheritdoc/>
    public void AppendEpoch(string runId, string leaseId, RunEpoch epoch)
    {
        ValidateEpoch(epoch);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var (tenant, _) = RequireLease(connection, transaction, runId, leaseId, time.GetUtcNow());

        using (var command = connection.Command(transaction, "SELECT epochs FROM training_runs WHERE tenant = $tenant AND run_id = $run"))
        {
            RequirePlanned(epoch, Convert.ToInt32(command.With("$tenant", tenant).With("$run", runId).ExecuteScalar(), CultureInfo.InvariantCulture));
        }

        using (var command = connection.Command(transaction, """
            INSERT INTO run_epochs (tenant, run_id, epoch, loss, metrics) VALUES ($tenant, $run, $epoch, $loss, $metrics)
            ON CONFLICT (tenant, run_id, epoch) DO UPDATE SET loss = excluded.loss, metrics = excluded.metrics
            """))
        {
            command.With("$tenant", tenant).With("$run", runId).With("$epoch", epoch.Epoch).With("$loss", epoch.Loss)
                .With("$metrics", RunJson.EncodeMetrics(epoch.Metrics)).ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <inheritdoc/>
    public void AppendLogs(string runId, string leaseId, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var (tenant, _) = RequireLease(connection, transaction, runId, leaseId, time.GetUtcNow());
        long next;
        using (var command = connection.Command(transaction, "SELECT coalesce(max(seq), 0) + 1 FROM run_logs WHERE tenant = $tenant AND run_id = $run"))
        {
            next = Convert.ToInt64(command.With("$tenant", tenant).With("$run", runId).ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using (var command = connection.Command(transaction, "INSERT INTO run_logs (tenant, run_id, seq, line) VALUES ($tenant, $run, $seq, $line)"))
        {
            command.With("$tenant", tenant).With("$run", runId);
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            var line = command.Parameters.Add("$line", SqliteType.Text);
            foreach (var text in KeptLines(lines))
            {
                seq.Value = next++;
                line.Value = text;
                command.ExecuteNonQuery();
            }
        }

        using (var command = connection.Command(transaction, "DELETE FROM run_logs WHERE tenant = $tenant AND run_id = $run AND seq < $keepFrom"))
        {
            command.With("$tenant", tenant).With("$run", runId).With("$keepFrom", next - MaxLogLines).ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetLogs(string tenant, string runId)
    {
        RegistryRules.RequireTenant(tenant);
        RequireRunId(runId);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        _ = Find(connection, transaction, tenant, runId) ?? throw RunNotFound(runId);
        using var command = connection.Command(transaction, "SELECT line FROM run_logs WHERE tenant = $tenant AND run_id = $run ORDER BY seq DESC")
            .With("$tenant", tenant).With("$run", runId);
        using var reader = command.ExecuteReader();
        return NewestThatFit(Lines(reader));

        static IEnumerable<string> Lines(SqliteDataReader reader)
        {
            while (reader.Read())
            {
                yield return reader.GetString(0);
            }
        }
    }

    /// <summary>Throws InvalidArgument (<c>epoch.*</c>) for an epoch no run could have.</summary>
    internal static void ValidateEpoch(RunEpoch epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        if (epoch.Epoch < 1)
        {
            NeuronException.ThrowInvalidArgument("epoch.epoch", string.Create(CultureInfo.InvariantCulture, $"must be at least 1, not {epoch.Epoch}"));
        }

        RegistryRules.Check("epoch.loss", ModelRules.ValidateMetricValue(epoch.Loss));
        ValidateMetrics("epoch.metrics", epoch.Metrics);
    }

    /// <summary>
    /// Throws InvalidArgument (<c>epoch.epoch</c>) past the run's <paramref name="planned"/> epochs: bounded by the plan,
    /// so a trainer gone wrong cannot grow the run (and every GetRun of it) without end.
    /// </summary>
    internal static void RequirePlanned(RunEpoch epoch, int planned)
    {
        if (epoch.Epoch > planned)
        {
            NeuronException.ThrowInvalidArgument("epoch.epoch", string.Create(CultureInfo.InvariantCulture, $"must be at most the {planned} epochs planned, not {epoch.Epoch}"));
        }
    }

    /// <summary>The lines of one append as they are kept: at most the last <see cref="MaxLogLines"/>, each cut to <see cref="MaxLogLineLength"/>.</summary>
    internal static IEnumerable<string> KeptLines(IReadOnlyList<string> lines) =>
        lines.Skip(Math.Max(0, lines.Count - MaxLogLines)).Select(text => Truncate(text ?? string.Empty, MaxLogLineLength));

    /// <summary>Of lines given newest first, the newest that fit <see cref="MaxLogResponseBytes"/>, oldest first.</summary>
    internal static List<string> NewestThatFit(IEnumerable<string> newestFirst)
    {
        var lines = new List<string>();
        var bytes = 0L;
        foreach (var line in newestFirst)
        {
            // A few bytes per line for its protobuf framing.
            bytes += System.Text.Encoding.UTF8.GetByteCount(line) + 4;
            if (bytes > MaxLogResponseBytes)
            {
                break;
            }

            lines.Add(line);
        }

        lines.Reverse();
        return lines;
    }
}
