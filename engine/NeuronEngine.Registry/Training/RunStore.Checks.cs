using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

public sealed partial class RunStore
{
    /// <summary>Returns the run's tenant and stop flag when <paramref name="leaseId"/> is its current lease; throws otherwise.</summary>
    private static (string Tenant, bool StopRequested) RequireLease(
        SqliteConnection connection, SqliteTransaction transaction, string runId, string leaseId, DateTimeOffset now)
    {
        CheckLeaseArguments(runId, leaseId);
        using var command = connection.Command(transaction, """
            SELECT tenant, status, lease_id, lease_expires, stop_requested FROM training_runs WHERE run_id = $run
            """).With("$run", runId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw RunNotFound(runId);
        }

        RequireHeld(runId, leaseId, (RunStatus)reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetNullableTimestamp(3), now);
        return (reader.GetString(0), reader.GetInt32(4) != 0);
    }

    /// <summary>Throws InvalidArgument for a malformed run id or an empty lease id.</summary>
    internal static void CheckLeaseArguments(string runId, string leaseId)
    {
        RequireRunId(runId);
        if (string.IsNullOrEmpty(leaseId))
        {
            NeuronException.ThrowInvalidArgument("lease_id", "must not be empty");
        }
    }

    /// <summary>Throws FailedPrecondition unless a run in <paramref name="status"/> under <paramref name="current"/> is held by <paramref name="leaseId"/> at <paramref name="now"/>.</summary>
    internal static void RequireHeld(string runId, string leaseId, RunStatus status, string? current, DateTimeOffset? expires, DateTimeOffset now)
    {
        var why = status != RunStatus.Running ? $"the run is {Display(status)}"
            : current != leaseId ? "the run is held under another lease or its lease was revoked"
            : expires < now ? string.Create(CultureInfo.InvariantCulture, $"it expired at {expires:yyyy-MM-ddTHH:mm:ss.fffZ}")
            : null;
        if (why is not null)
        {
            throw NeuronException.FailedPrecondition($"lease \"{RegistryRules.Shorten(leaseId)}\" of run \"{runId}\" is no longer held: {why}");
        }
    }

    /// <summary>
    /// Checks what a trainer reports when it ends a run: a final status, metrics (at most <see cref="MaxMetrics"/>, finite)
    /// and a manifest that is empty or a JSON object of at most <see cref="MaxManifestLength"/> characters. Callers that
    /// act on a completion before storing it (taking an artifact) check first, so bad input never costs the artifact.
    /// </summary>
    /// <exception cref="NeuronException">InvalidArgument naming <c>status</c>, <c>final_metrics</c>, <c>artifact_id</c> or <c>manifest</c>.</exception>
    public static void ValidateCompletion(RunCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (!Enum.IsDefined(completion.Status) || !RunRules.IsFinished(completion.Status))
        {
            NeuronException.ThrowInvalidArgument("status", $"must be SUCCEEDED, EARLY_STOPPED, FAILED or STOPPED, not {completion.Status}");
        }

        ValidateMetrics("final_metrics", completion.FinalMetrics);
        if (completion.ArtifactId is not null)
        {
            RegistryRules.Check("artifact_id", ModelRules.ValidateArtifactId(completion.ArtifactId));
        }

        if (string.IsNullOrEmpty(completion.Manifest))
        {
            return;
        }

        if (completion.Manifest.Length > MaxManifestLength)
        {
            NeuronException.ThrowInvalidArgument("manifest", string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxManifestLength} characters"));
        }

        try
        {
            using var document = JsonDocument.Parse(completion.Manifest);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                NeuronException.ThrowInvalidArgument("manifest", "must be a JSON object");
            }
        }
        catch (JsonException ex)
        {
            throw NeuronException.InvalidArgument("manifest", $"must be a JSON object ({ex.Message})");
        }
    }

    internal static void RequireDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "a lease must last longer than zero");
        }
    }

    internal static void ValidateProgress(RunProgress progress)
    {
        if (string.IsNullOrEmpty(progress.Phase) || progress.Phase.Length > MaxPhaseLength || progress.Phase.Any(char.IsControl))
        {
            NeuronException.ThrowInvalidArgument("progress.phase", $"must be 1-{MaxPhaseLength} characters without control characters");
        }

        if (progress.Epoch < 0 || progress.Step < 0 || progress.StepsPerEpoch < 0)
        {
            NeuronException.ThrowInvalidArgument("progress", "epoch, step and steps_per_epoch must not be negative");
        }
    }

    internal static void ValidateMetrics(string field, IReadOnlyDictionary<string, double>? metrics)
    {
        if (metrics is { Count: > MaxMetrics })
        {
            NeuronException.ThrowInvalidArgument(field, string.Create(CultureInfo.InvariantCulture, $"must hold at most {MaxMetrics} metrics, not {metrics.Count}"));
        }

        foreach (var (name, value) in metrics ?? new Dictionary<string, double>())
        {
            RegistryRules.Check(field, ModelRules.ValidateMetricName(name));
            RegistryRules.Check($"{field}[\"{name}\"]", ModelRules.ValidateMetricValue(value));
        }
    }
}
