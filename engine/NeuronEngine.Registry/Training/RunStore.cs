using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Paging;

namespace NeuronEngine.Registry.Training;

/// <summary>Training runs in the SQLite registry (single-node mode); the contract is <see cref="IRunStore"/>.</summary>
/// <remarks>
/// Thread-safe. Every write is one <c>BEGIN IMMEDIATE</c> transaction, so two trainers leasing at once never get the
/// same run, and a lease check and the write that depends on it see the same state. <see cref="NewRun.StreamPosition"/>
/// is not stored (single-node mode has no event streams); runs read back with it null.
/// </remarks>
public sealed partial class RunStore : IRunStore
{
    /// <summary>The most log lines kept per run; older lines are dropped as new ones arrive.</summary>
    public const int MaxLogLines = 5000;

    /// <summary>The longest log line kept, in characters; longer lines are cut.</summary>
    public const int MaxLogLineLength = 2000;

    /// <summary>The page size of <see cref="List"/> when the caller sets none.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest page size of <see cref="List"/>.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The longest run manifest accepted, in characters.</summary>
    public const int MaxManifestLength = 1024 * 1024;

    /// <summary>The most metrics one epoch or one completion may carry.</summary>
    public const int MaxMetrics = 64;

    /// <summary>
    /// The most UTF-8 bytes of log lines one <see cref="GetLogs"/> returns (the newest lines that fit): under gRPC's
    /// default 4 MB message limit of clients, which the full cap of lines times their length would exceed.
    /// </summary>
    public const int MaxLogResponseBytes = 3 * 1024 * 1024;

    internal const int MaxErrorLength = 4000;
    private const int MaxPhaseLength = 32;
    private const byte RunTokenKind = (byte)'R';

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

    /// <inheritdoc/>
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

        models.RequireVersionRoom(connection, transaction, new FamilyRef(tenant, run.Family), completingRunId: null);

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

    /// <inheritdoc/>
    public TrainingRun Get(string tenant, string runId)
    {
        RegistryRules.RequireTenant(tenant);
        RequireRunId(runId);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return Find(connection, transaction, tenant, runId) ?? throw RunNotFound(runId);
    }

    /// <inheritdoc/>
    public ListPage<TrainingRun> List(string tenant, string? templateId = null, RunStatus? status = null, int? pageSize = null, string? pageToken = null)
    {
        var (size, after) = CheckList(tenant, templateId, status, pageSize, pageToken);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.Command(transaction, $"""
            SELECT {ListedColumns} FROM training_runs
            WHERE tenant = $tenant AND ($template IS NULL OR template_id = $template) AND ($status IS NULL OR status = $status)
              AND ($afterRun IS NULL OR created < $afterCreated OR (created = $afterCreated AND run_id < $afterRun))
            ORDER BY created DESC, run_id DESC LIMIT $limit
            """).With("$tenant", tenant).With("$template", string.IsNullOrEmpty(templateId) ? null : templateId)
            .With("$status", status is { } st ? (int)st : null).With("$afterCreated", after?.Created).With("$afterRun", after?.RunId)
            .With("$limit", size + 1);
        var runs = ReadRuns(connection, transaction, command);
        if (runs.Count <= size)
        {
            return new ListPage<TrainingRun>(runs, string.Empty);
        }

        runs.RemoveAt(size);
        return new ListPage<TrainingRun>(runs, RunToken(runs[^1]));
    }

    /// <summary>Checks <see cref="List"/>'s arguments; returns the page size and where the previous page ended.</summary>
    internal static (int Size, (long Created, string RunId)? After) CheckList(
        string tenant, string? templateId, RunStatus? status, int? pageSize, string? pageToken)
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

        return (PageTokens.Size(pageSize, DefaultPageSize, MaxPageSize), DecodeRunToken(pageToken));
    }

    internal static string RunToken(TrainingRun last)
    {
        var id = Encoding.UTF8.GetBytes(last.RunId);
        var key = new byte[sizeof(long) + id.Length];
        BinaryPrimitives.WriteInt64LittleEndian(key, last.Created.UtcTicks);
        id.CopyTo(key, sizeof(long));
        return PageTokens.Encode(RunTokenKind, key);
    }

    private static (long Created, string RunId)? DecodeRunToken(string? token)
    {
        var key = PageTokens.Decode(token, RunTokenKind, "ListRuns");
        if (key is null)
        {
            return null;
        }

        if (key.Length <= sizeof(long))
        {
            throw PageTokens.Invalid("ListRuns");
        }

        var runId = Encoding.UTF8.GetString(key, sizeof(long), key.Length - sizeof(long));
        return ModelRules.ValidateRunId(runId) is null
            ? (BinaryPrimitives.ReadInt64LittleEndian(key), runId)
            : throw PageTokens.Invalid("ListRuns");
    }

    internal static void RequireRunId(string runId) => RegistryRules.Check("run_id", ModelRules.ValidateRunId(runId ?? string.Empty));

    internal static NeuronException RunNotFound(string runId) => NeuronException.NotFound($"run \"{runId}\" not found");

    /// <summary>The status as the wire spells it (<c>EARLY_STOPPED</c>), for messages.</summary>
    internal static string Display(RunStatus status) => status switch
    {
        RunStatus.EarlyStopped => "EARLY_STOPPED",
        _ => status.ToString().ToUpperInvariant(),
    };

    internal static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 3), "...");
}
