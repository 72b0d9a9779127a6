using System.Globalization;
using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

public sealed partial class RunStore
{
    /// <summary>
    /// Leases the oldest Queued run of any tenant to <paramref name="holder"/>: it becomes Running under a new lease that
    /// lasts <paramref name="duration"/>. Returns null when nothing is queued. Throws InvalidArgument (<c>trainer_id</c>).
    /// </summary>
    public LeasedRun? LeaseNext(string holder, TimeSpan duration)
    {
        RegistryRules.Check("trainer_id", ModelRules.ValidateActor(holder));
        RequireDuration(duration);
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

    /// <summary>Returns the run when <paramref name="leaseId"/> is its current lease. Throws NotFound, or FailedPrecondition when the lease is no longer held.</summary>
    public TrainingRun GetLeased(string runId, string leaseId)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var (tenant, _) = RequireLease(connection, transaction, runId, leaseId, time.GetUtcNow());
        return Find(connection, transaction, tenant, runId)!;
    }

    /// <summary>
    /// Extends the lease to <paramref name="duration"/> from now and records <paramref name="progress"/> (when given).
    /// Returns whether StopRun asked for the run to end. Throws NotFound, or FailedPrecondition when the lease is no longer held.
    /// </summary>
    public bool Renew(string runId, string leaseId, RunProgress? progress, TimeSpan duration)
    {
        RequireDuration(duration);
        if (progress is not null)
        {
            ValidateProgress(progress);
        }

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
}
