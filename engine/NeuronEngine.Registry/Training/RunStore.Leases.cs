using System.Globalization;
using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

public sealed partial class RunStore
{
    /// <inheritdoc/>
    public LeasedRun? LeaseNext(string holder, TimeSpan duration)
    {
        CheckLeaseRequest(holder, duration);
        var now = time.GetUtcNow();
        var expires = now + duration;
        var leaseId = Guid.NewGuid().ToString("N");

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        string tenant, runId;
        using (var command = connection.Command(transaction, "SELECT tenant, run_id FROM training_runs WHERE status = $queued ORDER BY created, run_id LIMIT 1")
            .With("$queued", (int)RunStatus.Queued))
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (tenant, runId) = (reader.GetString(0), reader.GetString(1));
        }

        using (var command = connection.Command(transaction, """
            UPDATE training_runs SET status = $running, started = $now, lease_id = $lease, lease_holder = $holder,
                lease_expires = $expires, phase = 'reading'
            WHERE tenant = $tenant AND run_id = $run
            """))
        {
            command.With("$running", (int)RunStatus.Running).With("$now", now.UtcTicks).With("$lease", leaseId).With("$holder", holder)
                .With("$expires", expires.UtcTicks).With("$tenant", tenant).With("$run", runId).ExecuteNonQuery();
        }

        var run = Find(connection, transaction, tenant, runId)!;
        transaction.Commit();
        return new LeasedRun(run, leaseId, expires);
    }

    /// <inheritdoc/>
    public TrainingRun GetLeased(string runId, string leaseId)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var (tenant, _) = RequireLease(connection, transaction, runId, leaseId, time.GetUtcNow());
        return Find(connection, transaction, tenant, runId)!;
    }

    /// <inheritdoc/>
    public bool Renew(string runId, string leaseId, RunProgress? progress, TimeSpan duration)
    {
        CheckRenewal(progress, duration);
        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var (tenant, stopRequested) = RequireLease(connection, transaction, runId, leaseId, now);
        using (var command = connection.Command(transaction, """
            UPDATE training_runs SET lease_expires = $expires, phase = coalesce($phase, phase), epoch = coalesce($epoch, epoch),
                step = coalesce($step, step), steps_per_epoch = coalesce($steps, steps_per_epoch)
            WHERE tenant = $tenant AND run_id = $run
            """))
        {
            command.With("$expires", (now + duration).UtcTicks).With("$phase", progress?.Phase).With("$epoch", progress?.Epoch)
                .With("$step", progress?.Step).With("$steps", progress?.StepsPerEpoch).With("$tenant", tenant).With("$run", runId)
                .ExecuteNonQuery();
        }

        transaction.Commit();
        return stopRequested;
    }

    /// <summary>Throws InvalidArgument (<c>trainer_id</c>) or ArgumentOutOfRangeException for a lease no trainer may take.</summary>
    internal static void CheckLeaseRequest(string holder, TimeSpan duration)
    {
        RegistryRules.Check("trainer_id", ModelRules.ValidateActor(holder));
        RequireDuration(duration);
    }

    /// <summary>Throws InvalidArgument (<c>progress.*</c>) or ArgumentOutOfRangeException for a renewal no trainer may make.</summary>
    internal static void CheckRenewal(RunProgress? progress, TimeSpan duration)
    {
        RequireDuration(duration);
        if (progress is not null)
        {
            ValidateProgress(progress);
        }
    }
}
