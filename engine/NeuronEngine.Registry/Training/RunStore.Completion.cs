using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

public sealed partial class RunStore
{
    /// <inheritdoc/>
    public TrainingRun Complete(string runId, string leaseId, RunCompletion completion, Action<int>? placeArtifact = null)
    {
        CheckCompletion(completion, placeArtifact);

        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var (tenant, _) = RequireLease(connection, transaction, runId, leaseId, now);
        var run = Find(connection, transaction, tenant, runId)!;
        int? version = null;
        if (completion.RegistersVersion)
        {
            var registration = RegistrationOf(run, completion);

            // The number is taken now but the artifact moves last, after every other statement of the transaction:
            // a statement that fails after the move would leave the artifact in the store and the trainer nothing to retry with.
            version = models.RegisterVersion(connection, transaction, tenant, run.Spec.Family, registration, _ => { }, completingRunId: runId).Version;
        }

        Finish(connection, transaction, tenant, runId, completion.Status, ErrorOf(completion), now);
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

    /// <inheritdoc/>
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
                throw AlreadyEnded(runId, run.Status);
        }

        var changed = Find(connection, transaction, tenant, runId)!;
        transaction.Commit();
        return changed;
    }

    /// <inheritdoc/>
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

    /// <summary>Throws as <see cref="ValidateCompletion"/>, or ArgumentNullException when a run that registers a version has no <paramref name="placeArtifact"/>.</summary>
    internal static void CheckCompletion(RunCompletion completion, Action<int>? placeArtifact)
    {
        ValidateCompletion(completion);
        if (completion.RegistersVersion && placeArtifact is null)
        {
            throw new ArgumentNullException(nameof(placeArtifact), "a run that succeeds must place its artifact");
        }
    }

    /// <summary>The version a run that ends as <paramref name="completion"/> registers.</summary>
    internal static VersionRegistration RegistrationOf(TrainingRun run, RunCompletion completion) => new(
        run.VersionName, RunId: run.RunId, TemplateId: run.Spec.TemplateId, Metrics: completion.FinalMetrics,
        Manifest: string.IsNullOrEmpty(completion.Manifest) ? "{}" : completion.Manifest, SizeBytes: completion.ArtifactBytes,
        ArtifactId: completion.ArtifactId);

    /// <summary>The error a run that ends as <paramref name="completion"/> records, before it is cut to length.</summary>
    internal static string? ErrorOf(RunCompletion completion) => completion.Status switch
    {
        RunStatus.Failed => string.IsNullOrWhiteSpace(completion.Error) ? "the trainer reported a failure without a reason" : completion.Error,
        RunStatus.Stopped => string.IsNullOrWhiteSpace(completion.Error) ? null : completion.Error,
        _ => null,
    };

    /// <summary>FailedPrecondition for StopRun on a run that already ended.</summary>
    internal static NeuronException AlreadyEnded(string runId, RunStatus status) =>
        NeuronException.FailedPrecondition($"run \"{runId}\" already ended: it is {Display(status)}");

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
