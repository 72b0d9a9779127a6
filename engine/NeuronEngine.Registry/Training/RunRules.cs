using System.Globalization;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

/// <summary>
/// The rules and defaults of training runs and datasets, in one place for the store and the service. Errors name the
/// field as <c>StartRun</c> spells it (<c>batch_size</c>, <c>rubric.gates[1].name</c>).
/// </summary>
public static class RunRules
{
    public const int MinEpochs = 1;
    public const int MaxEpochs = 50;
    public const int DefaultEpochs = 5;
    public const int DefaultBatchSize = 256;
    public const double DefaultLearningRate = 0.001;
    public const string DefaultRecipe = "auto";
    public const string DefaultPrimaryMetric = "ndcg@10";
    public const string BeatsPopularity = "beats_popularity";
    public const string BeatsNeighbours = "beats_neighbours";
    public const string MinGatePrefix = "min_";
    public const int MinPatience = 1;
    public const int MaxPatience = 50;
    public const int DefaultPatience = 3;

    /// <summary>The most gates one rubric may have.</summary>
    public const int MaxGates = 16;

    /// <summary>The family a run registers in when neither the request nor the template id gives a valid one.</summary>
    public const string DefaultFamily = "default";

    /// <summary>The batch sizes a run accepts.</summary>
    public static IReadOnlyList<int> BatchSizes { get; } = [64, 128, 256, 512];

    /// <summary>The recipes the trainer knows.</summary>
    public static IReadOnlyList<string> Recipes { get; } = [DefaultRecipe, "item-knn", "ease", "pooled-history", "popularity"];

    /// <summary>The metrics the trainer evaluates, usable as the primary metric and in <c>min_&lt;metric&gt;</c> gates.</summary>
    public static IReadOnlyList<string> Metrics { get; } = [DefaultPrimaryMetric, "recall@20", "hr@10"];

    /// <summary>True for Succeeded, Failed, Stopped and EarlyStopped.</summary>
    public static bool IsFinished(RunStatus status) => status is not (RunStatus.Queued or RunStatus.Running);

    /// <summary><c>&lt;template name&gt;-&lt;run id&gt;</c>, the name cut so the whole fits a version name.</summary>
    public static string VersionName(string templateName, string runId)
    {
        ArgumentNullException.ThrowIfNull(templateName);
        ArgumentNullException.ThrowIfNull(runId);
        var room = Math.Max(0, RegistryRules.MaxNameLength - runId.Length - 1);
        var name = templateName.Length <= room ? templateName : templateName[..room];
        return $"{name}-{runId}";
    }

    /// <summary>
    /// The family a run registers in: <paramref name="requested"/> when set, else the template's name in the family
    /// alphabet (<c>Home feed</c> → <c>home-feed</c>), else the template id lowercased, else <c>default</c>.
    /// </summary>
    public static string ChooseFamily(string? requested, string templateName, string templateId)
    {
        if (!string.IsNullOrEmpty(requested))
        {
            RegistryRules.Check("family", ModelRules.ValidateFamilyName(requested));
            return requested;
        }

        foreach (var candidate in (string[])[Slug(templateName), templateId.ToLowerInvariant()])
        {
            if (ModelRules.ValidateFamilyName(candidate) is null)
            {
                return candidate;
            }
        }

        return DefaultFamily;
    }

    // "Home feed (v2)" → "home-feed-v2": what people named the template, in the family alphabet.
    private static string Slug(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var keep = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';
            if (keep)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-', '_');
        return slug.Length > 64 ? slug[..64].TrimEnd('-', '_') : slug;
    }

    /// <summary>A dataset id matches <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>; null when valid, otherwise the broken rule.</summary>
    public static string? ValidateDatasetId(string? datasetId) => ModelRules.ValidateFamilyName(datasetId);

    /// <summary>Throws InvalidArgument naming the first field of <paramref name="run"/> that breaks a rule.</summary>
    public static void Validate(NewRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        RegistryRules.Check("template_id", TemplateRules.ValidateTemplateId(run.TemplateId));
        RegistryRules.Check("template_name", RegistryRules.ValidateName(run.TemplateName));
        if (!Recipes.Contains(run.Recipe, StringComparer.Ordinal))
        {
            NeuronException.ThrowInvalidArgument("recipe", $"must be one of {string.Join(", ", Recipes)}, not \"{RegistryRules.Shorten(run.Recipe)}\"");
        }

        if (run.Epochs is < MinEpochs or > MaxEpochs)
        {
            NeuronException.ThrowInvalidArgument("epochs", Invariant($"must be {MinEpochs}-{MaxEpochs}, not {run.Epochs}"));
        }

        if (!BatchSizes.Contains(run.BatchSize))
        {
            NeuronException.ThrowInvalidArgument("batch_size", Invariant($"must be one of {string.Join(", ", BatchSizes)}, not {run.BatchSize}"));
        }

        if (!double.IsFinite(run.LearningRate) || run.LearningRate <= 0)
        {
            NeuronException.ThrowInvalidArgument("learning_rate", Invariant($"must be a finite number above 0, not {run.LearningRate}"));
        }

        ValidateRubric(run.Rubric);
        RegistryRules.Check("family", ModelRules.ValidateFamilyName(run.Family));
        RegistryRules.Check("actor", ModelRules.ValidateActor(run.Actor));
        if ((run.TrainDatasetId is null) != (run.EvalDatasetId is null))
        {
            NeuronException.ThrowInvalidArgument(
                run.TrainDatasetId is null ? "train_dataset_id" : "eval_dataset_id", "train_dataset_id and eval_dataset_id must be set together, or neither");
        }

        if (run.TrainDatasetId is not null)
        {
            RegistryRules.Check("train_dataset_id", ValidateDatasetId(run.TrainDatasetId));
            RegistryRules.Check("eval_dataset_id", ValidateDatasetId(run.EvalDatasetId));
        }

        if (run.LogPosition < 0)
        {
            NeuronException.ThrowInvalidArgument("log_position", Invariant($"must be at least 0, not {run.LogPosition}"));
        }

        if (run.StreamPosition is not null && !IsStreamId(run.StreamPosition))
        {
            NeuronException.ThrowInvalidArgument(
                "stream_position", $"must be a stream entry id, <milliseconds>-<sequence>, not \"{RegistryRules.Shorten(run.StreamPosition)}\"");
        }
    }

    private static void ValidateRubric(RunRubric rubric)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        if (!Metrics.Contains(rubric.PrimaryMetric, StringComparer.Ordinal))
        {
            NeuronException.ThrowInvalidArgument(
                "rubric.primary_metric", $"must be one of {string.Join(", ", Metrics)}, not \"{RegistryRules.Shorten(rubric.PrimaryMetric)}\"");
        }

        if (rubric.Patience is < MinPatience or > MaxPatience)
        {
            NeuronException.ThrowInvalidArgument("rubric.patience", Invariant($"must be {MinPatience}-{MaxPatience}, not {rubric.Patience}"));
        }

        if (rubric.Gates.Count > MaxGates)
        {
            NeuronException.ThrowInvalidArgument("rubric.gates", Invariant($"must be at most {MaxGates}, not {rubric.Gates.Count}"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rubric.Gates.Count; i++)
        {
            var gate = rubric.Gates[i];
            var known = gate.Name is BeatsPopularity or BeatsNeighbours
                || (gate.Name.StartsWith(MinGatePrefix, StringComparison.Ordinal) && Metrics.Contains(gate.Name[MinGatePrefix.Length..], StringComparer.Ordinal));
            if (!known)
            {
                NeuronException.ThrowInvalidArgument(Invariant($"rubric.gates[{i}].name"),
                    $"must be {BeatsPopularity}, {BeatsNeighbours} or min_<metric> with a metric of {string.Join(", ", Metrics)}, not \"{RegistryRules.Shorten(gate.Name)}\"");
            }

            if (!seen.Add(gate.Name))
            {
                NeuronException.ThrowInvalidArgument(Invariant($"rubric.gates[{i}].name"), $"\"{gate.Name}\" appears more than once");
            }

            if (!double.IsFinite(gate.MinValue))
            {
                NeuronException.ThrowInvalidArgument(Invariant($"rubric.gates[{i}].min_value"), Invariant($"must be a finite number, not {gate.MinValue}"));
            }
        }
    }

    // A Redis stream entry id: two unsigned 64-bit numbers joined by a dash.
    private static bool IsStreamId(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
