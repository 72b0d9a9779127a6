using System.Globalization;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

/// <summary>
/// Training runs: the queue trainers lease from, their progress, epochs and logs, and how they end. A run that
/// succeeds registers its model version in the same transaction that finishes it.
/// </summary>
/// <remarks>
/// Thread-safe. Every write is one <c>BEGIN IMMEDIATE</c> transaction, so two trainers leasing at once never get the
/// same run, and a lease check and the write that depends on it see the same state. Run ids are unique across tenants:
/// trainer calls name a run and its lease only. A lease is held while the run is Running, the lease id matches and
/// its expiry has not passed; anything else is refused with FailedPrecondition, so a trainer that lost its lease
/// (expired, or revoked by a forced stop) can no longer change the run.
/// </remarks>
public sealed partial class RunStore
{
    /// <summary>The most log lines kept per run; older lines are dropped as new ones arrive.</summary>
    public const int MaxLogLines = 5000;

    /// <summary>The longest log line kept, in characters; longer lines are cut.</summary>
    public const int MaxLogLineLength = 2000;

    /// <summary>The most runs one listing returns (the newest).</summary>
    public const int MaxListed = 1000;

    /// <summary>The longest run manifest accepted, in characters.</summary>
    public const int MaxManifestLength = 1024 * 1024;

    /// <summary>The most metrics one epoch or one completion may carry.</summary>
    public const int MaxMetrics = 64;

    /// <summary>
    /// The most UTF-8 bytes of log lines one <see cref="GetLogs"/> returns (the newest lines that fit): under gRPC's
    /// default 4 MB message limit of clients, which the full cap of lines times their length would exceed.
    /// </summary>
    public const int MaxLogResponseBytes = 3 * 1024 * 1024;

    private const int MaxErrorLength = 4000;
    private const int MaxPhaseLength = 32;

    private readonly RegistryDatabase database;
    private readonly ModelStore models;
    private readonly TimeProvider time;

    public RunStore(RegistryDatabase database, ModelStore models, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(time);
        this.database = database;
        this.models = models;
        this.time = time;
    }

    /// <summary>
    /// Queues a run. Throws InvalidArgument naming the field (see <see cref="RunRules.Validate"/>) or NotFound when a
    /// named dataset does not exist (checked in the same transaction, so a concurrent delete cannot slip between).
    /// </summary>
    public TrainingRun Create(string tenant, NewRun run)
    {
        RegistryRules.RequireTenant(tenant);
        RunRules.Validate(run);
        var runId = Guid.CreateVersion7().ToString("N");
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (run.TrainDatasetId is not null)
        {
            DatasetStore.Require(connection, transaction, tenant, run.TrainDatasetId, "train");
            DatasetStore.Require(connection, transaction, tenant, run.EvalDatasetId!, "eval");
        }

        using (var command = connection.Command(transaction, """
            INSERT INTO training_runs (tenant, run_id, template_id, template_name, frozen_template, recipe, epochs, batch_size,
                learning_rate, seed, rubric, family, actor, train_dataset_id, eval_dataset_id, log_position, status, created,
                started, finished, lease_id, lease_holder, lease_expires, stop_requested, phase, epoch, step, steps_per_epoch,
                final_metrics, manifest, version_family, version_number, error)
            VALUES ($tenant, $run, $template, $name, $frozen, $recipe, $epochs, $batch, $rate, $seed, $rubric, $family, $actor,
                $train, $eval, $position, $status, $now, NULL, NULL, NULL, NULL, NULL, 0, $phase, 0, 0, 0, '{}', '', NULL, NULL, NULL)
            """))
        {
            command.With("$tenant", tenant).With("$run", runId).With("$template", run.TemplateId).With("$name", run.TemplateName)
                .With("$frozen", run.FrozenTemplate).With("$recipe", run.Recipe).With("$epochs", run.Epochs).With("$batch", run.BatchSize)
                .With("$rate", run.LearningRate).With("$seed", run.Seed).With("$rubric", RunJson.EncodeRubric(run.Rubric))
                .With("$family", run.Family).With("$actor", run.Actor).With("$train", run.TrainDatasetId).With("$eval", run.EvalDatasetId)
                .With("$position", run.LogPosition).With("$status", (int)RunStatus.Queued).With("$now", time.GetUtcNow().UtcTicks)
                .With("$phase", RunProgress.Queued.Phase).ExecuteNonQuery();
        }

        var created = Find(connection, transaction, tenant, runId)!;
        transaction.Commit();
        return created;
    }

    /// <summary>Returns one of the tenant's runs. Throws InvalidArgument (<c>run_id</c>) or NotFound.</summary>
    public TrainingRun Get(string tenant, string runId)
    {
        RegistryRules.RequireTenant(tenant);
        RequireRunId(runId);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return Find(connection, transaction, tenant, runId) ?? throw RunNotFound(runId);
    }

    /// <summary>The tenant's runs, newest first (at most <see cref="MaxListed"/>), optionally of one template and/or in one status.</summary>
    public IReadOnlyList<TrainingRun> List(string tenant, string? templateId = null, RunStatus? status = null)
    {
        RegistryRules.RequireTenant(tenant);
        if (!string.IsNullOrEmpty(templateId))
        {
            RegistryRules.Check("template_id", TemplateRules.ValidateTemplateId(templateId));
        }

        if (status is { } s && !Enum.IsDefined(s))
        {
            NeuronException.ThrowInvalidArgument("status", string.Create(CultureInfo.InvariantCulture, $"unknown run status {(int)s}"));
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.Command(transaction, $"""
            SELECT {RunColumns} FROM training_runs
            WHERE tenant = $tenant AND ($template IS NULL OR template_id = $template) AND ($status IS NULL OR status = $status)
            ORDER BY created DESC, run_id DESC LIMIT $limit
            """).With("$tenant", tenant).With("$template", string.IsNullOrEmpty(templateId) ? null : templateId)
            .With("$status", status is { } st ? (int)st : null).With("$limit", MaxListed);
        return ReadRuns(connection, transaction, command);
    }

    private static void RequireRunId(string runId) => RegistryRules.Check("run_id", ModelRules.ValidateRunId(runId ?? string.Empty));

    private static NeuronException RunNotFound(string runId) => NeuronException.NotFound($"run \"{runId}\" not found");

    /// <summary>The status as the wire spells it (<c>EARLY_STOPPED</c>), for messages.</summary>
    internal static string Display(RunStatus status) => status switch
    {
        RunStatus.EarlyStopped => "EARLY_STOPPED",
        _ => status.ToString().ToUpperInvariant(),
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 3), "...");
}
