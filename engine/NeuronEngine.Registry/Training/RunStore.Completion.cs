using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

public sealed partial class RunStore
{
    /// <summary>
    /// Ends a run under its lease. Succeeded and EarlyStopped register the version Pending (named
    /// <see cref="TrainingRun.VersionName"/>, in the run's family, with the final metrics and manifest) in the same
    /// transaction that finishes the run: if registration or <paramref name="placeArtifact"/> fails, neither happens
    /// and the run stays Running. Failed and Stopped register nothing.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="leaseId">Its current lease.</param>
    /// <param name="completion">How it ended.</param>
    /// <param name="placeArtifact">
    /// For Succeeded and EarlyStopped: moves the checked artifact to <see cref="ModelStore.ArtifactPathFor"/> for the
    /// version number it is given, under the registry's write lock, as the transaction's last step before its commit
    /// (see <see cref="ModelStore.RegisterVersion(string, string, VersionRegistration, Action{int})"/>).
    /// </param>
    /// <exception cref="NeuronException">InvalidArgument (<c>status</c>, <c>final_metrics</c>, <c>manifest</c>), NotFound,
    /// FailedPrecondition when the lease is no longer held, or ResourceExhausted when the family has no room for the
    /// version (<see cref="RegistryLimits.VersionsPerFamily"/> lowered since the run started, say).</exception>
    public TrainingRun Complete(string runId, string leaseId, RunCompletion completion, Action<int>? placeArtifact = null)
    {
        ValidateCompletion(completion);
        if (completion.RegistersVersion && placeArtifact is null)
        {
            throw new ArgumentNullException(nameof(placeArtifact), "a run that succeeds must place its artifact");
        }

        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var (tenant, _) = RequireLease(connection, transaction, runId, leaseId, now);
        var run = Find(connection, transaction, tenant, runId)!;
        int? version = null;
        if (completion.RegistersVersion)
        {
            var registration = new VersionRegistration(
                run.VersionName, RunId: runId, TemplateId: run.Spec.TemplateId, Metrics: completion.FinalMetrics,
                Manifest: string.IsNullOrEmpty(completion.Manifest) ? "{}" : completion.Manifest, SizeBytes: completion.ArtifactBytes);

            // The number is taken now but the artifact moves last, after every other statement of the transaction:
            // a statement that fails after the move would leave the artifact in the store and the trainer nothing to retry with.
            version = models.RegisterVersion(connection, transaction, tenant, run.Spec.Family, registration, _ => { }, completingRunId: runId).Version;
        }

        var error = completion.Status switch
        {
            RunStatus.Failed => string.IsNullOrWhiteSpace(completion.Error) ? "the trainer reported a failure without a reason" : completion.Error,
            RunStatus.Stopped => string.IsNullOrWhiteSpace(completion.Error) ? null : completion.Error,
            _ => null,
        };
        Finish(connection, transaction, tenant, runId, completion.Status, error, now);
        using (var command = connection.Command(transaction, """
            UPDATE training_runs SET final_metrics = $metrics, manifest = $manifest, version_family = $family, version_number = $version
            WHERE tenant = $tenant AND run_id = $run
            """))
        {
            command.With("$metrics", RunJson.EncodeMetrics(completion.FinalMetrics)).With("$manifest", completion.Manifest ?? string.Empty)
                .With("$family", version is null ? null : run.Spec.Family).With("$version", version)
                .With("$tenant", tenant).With("$run", runId).ExecuteNonQuery();
        }

        var finished = Find(connection, transaction, tenant, runId)!;
        if (version is { } number)
        {
            placeArtifact!(number);
        }

        transaction.Commit();
        return finished;
    }

    /// <summary>
    /// StopRun's first step. A Queued run is Stopped at once; a Running one is marked so its trainer's next renewal
    /// hears it should stop (asking twice is harmless). Throws NotFound, or FailedPrecondition naming the status of a
    /// run that already finished.
    /// </summary>
    public TrainingRun RequestStop(string tenant, string runId)
    {
        RegistryRules.RequireTenant(tenant);
        RequireRunId(runId);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var run = Find(connection, transaction, tenant, runId) ?? throw RunNotFound(runId);
        switch (run.Status)
        {
            case RunStatus.Queued:
                Finish(connection, transaction, tenant, runId, RunStatus.Stopped, null, time.GetUtcNow());
                break;
            case RunStatus.Running:
                using (var command = connection.Command(transaction, "UPDATE training_runs SET stop_requested = 1 WHERE tenant = $tenant AND run_id = $run"))
                {
                    command.With("$tenant", tenant).With("$run", runId).ExecuteNonQuery();
                }

                break;
            default:
                throw NeuronException.FailedPrecondition($"run \"{runId}\" already ended: it is {Display(run.Status)}");
        }

        var changed = Find(connection, transaction, tenant, runId)!;
        transaction.Commit();
        return changed;
    }

    /// <summary>
    /// StopRun's last resort for a trainer that did not end the run in time: a Running run becomes Stopped with
    /// <paramref name="reason"/> as its error and its lease revoked, so a late report from that trainer is refused.
    /// A run that already finished is returned as it is. Throws NotFound.
    /// </summary>
    public TrainingRun ForceStop(string tenant, string runId, string reason)
    {
        RegistryRules.RequireTenant(tenant);
        RequireRunId(runId);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var run = Find(connection, transaction, tenant, runId) ?? throw RunNotFound(runId);
        if (run.Status == RunStatus.Running)
        {
            Finish(connection, transaction, tenant, runId, RunStatus.Stopped, reason, time.GetUtcNow());
            run = Find(connection, transaction, tenant, runId)!;
        }

        transaction.Commit();
        return run;
    }

    /// <summary>Puts a run in a final status and drops its lease (the holder stays on record).</summary>
    private static void Finish(SqliteConnection connection, SqliteTransaction transaction, string tenant, string runId, RunStatus status, string? error, DateTimeOffset now)
    {
        using var command = connection.Command(transaction, """
            UPDATE training_runs SET status = $status, finished = $now, error = $error, lease_id = NULL, lease_expires = NULL, phase = 'done'
            WHERE tenant = $tenant AND run_id = $run
            """);
        command.With("$status", (int)status).With("$now", now.UtcTicks).With("$error", error is null ? null : Truncate(error, MaxErrorLength))
            .With("$tenant", tenant).With("$run", runId).ExecuteNonQuery();
    }
}
