using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Export;
using NeuronEngine.Trainer.Recipes;

namespace NeuronEngine.Trainer.Runs;

/// <summary>
/// The run manifest: everything needed to rebuild the run and judge it (frozen template, recipe and options, run
/// options, data window or upload hashes, split report, per-epoch metrics, best epoch, gates, popularity baseline,
/// code version, eval cap). It holds no clock time, so the same spec on the same data gives the same bytes.
/// </summary>
internal sealed class RunManifestBuilder(RunSpec spec, IRecipe recipe, SplitReport split, JsonObject source)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The assembly's informational version (the build's version and commit).</summary>
    public static string CodeVersion { get; } =
        typeof(RunManifestBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public required int EvalUsers { get; init; }

    public required int EvalUsersTotal { get; init; }

    public required int MaxEvalUsers { get; init; }

    public required IReadOnlyDictionary<string, double> Popularity { get; init; }

    /// <summary>The neighbourhood baselines' metrics on the same eval users, by recipe name.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Baselines { get; init; }

    /// <summary>The shipped candidate's training (per-epoch metrics of the selection pass).</summary>
    public required TrainingResult Training { get; init; }

    /// <summary>The recipe that was shipped (the run's own, or auto's winner).</summary>
    public required IRecipe Selected { get; init; }

    /// <summary>Every recipe trained on the split (one, or auto's candidates).</summary>
    public required IReadOnlyList<CandidateResult> Candidates { get; init; }

    /// <summary>Auto's candidates left out, each with its reason.</summary>
    public required IReadOnlyList<string> SkippedCandidates { get; init; }

    /// <summary>The refit on train + eval, or null when the selected model shipped as trained.</summary>
    public required RefitRecord? Refit { get; init; }

    public required IReadOnlyList<GateResult> Gates { get; init; }

    public required int ExportCheckUsers { get; init; }

    /// <summary>The manifest as indented JSON.</summary>
    public string Build()
    {
        var template = spec.Template;
        var root = new JsonObject
        {
            ["run_id"] = spec.RunId,
            ["tenant"] = spec.Tenant,
            ["template_name"] = spec.TemplateName,
            ["template"] = new JsonObject
            {
                ["id"] = template.TemplateId,
                ["signals"] = new JsonArray([.. template.Signals.Select(s => (JsonNode)new JsonObject
                {
                    ["type"] = s.Type,
                    ["weight"] = s.Weight,
                    ["threshold"] = s.Threshold,
                })]),
                ["min_total_events"] = template.MinTotalEvents,
                ["tag_filter"] = template.TagFilter,
            },
            ["recipe"] = recipe.Name,
            ["recipe_options"] = recipe.DescribeOptions(),
            ["options"] = new JsonObject
            {
                ["epochs"] = spec.Epochs,
                ["batch_size"] = spec.BatchSize,
                ["learning_rate"] = spec.LearningRate,
                ["seed"] = spec.Seed,
            },
            ["data"] = source.DeepClone(),
            ["split"] = JsonNode.Parse(split.ToJson()),
            ["evaluation"] = new JsonObject
            {
                ["max_eval_users"] = MaxEvalUsers,
                ["eval_users"] = EvalUsers,
                ["eval_users_total"] = EvalUsersTotal,
                ["protocol"] = "full ranking, training items excluded",
            },
            ["selected_recipe"] = Selected.Name,
            ["selected_label"] = Selected.Label,
            ["selected_recipe_options"] = Selected.DescribeOptions(),
            ["candidates"] = new JsonArray([.. Candidates.Select(c => (JsonNode)Candidate(c, ReferenceEquals(c.Recipe, Selected)))]),
            ["skipped_candidates"] = new JsonArray([.. SkippedCandidates.Select(r => (JsonNode)r)]),
            ["refit"] = Refit is { } refit
                ? new JsonObject { ["refitted"] = true, ["data"] = "train + eval", ["interactions"] = refit.Interactions, ["epochs"] = refit.Epochs }
                : new JsonObject { ["refitted"] = false, ["data"] = "train" },
            ["popularity"] = Metrics(Popularity),
            ["baselines"] = new JsonObject(Baselines.Select(b => KeyValuePair.Create(b.Key, (JsonNode?)Metrics(b.Value)))),
            ["epochs"] = new JsonArray([.. Training.Epochs.Select(e => (JsonNode)Epoch(e))]),
            ["best_epoch"] = Training.Best.Epoch,
            ["early_stopped"] = Training.EarlyStopped,
            ["gates"] = new JsonArray([.. Gates.Select(g => (JsonNode)new JsonObject
            {
                ["name"] = g.Name,
                ["min_value"] = g.MinValue,
                ["value"] = g.Value,
                ["passed"] = g.Passed,
            })]),
            ["export_check"] = new JsonObject
            {
                ["users"] = ExportCheckUsers,
                ["top_k"] = ExportChecker.TopK,
                ["tolerance"] = "1e-3 + 1e-4 * |score|",
            },
            ["code_version"] = CodeVersion,
        };
        return root.ToJsonString(Indented);
    }

    /// <remarks>No wall time here: the manifest must be byte-identical for the same spec and data.</remarks>
    private static JsonObject Candidate(CandidateResult c, bool selected)
    {
        var o = Metrics(c.Training.Best.Metrics);
        o["recipe"] = c.Recipe.Name;
        o["label"] = c.Recipe.Label;
        o["options"] = c.Recipe.DescribeOptions();
        o["best_epoch"] = c.Training.Best.Epoch;
        o["epochs"] = c.Training.Epochs.Count;
        o["selected"] = selected;
        return o;
    }

    private static JsonObject Epoch(EpochRecord e)
    {
        var o = new JsonObject { ["epoch"] = e.Epoch, ["loss"] = e.Loss };
        foreach (var (name, value) in e.Metrics)
        {
            o[name] = value;
        }

        return o;
    }

    private static JsonObject Metrics(IReadOnlyDictionary<string, double> metrics)
    {
        var o = new JsonObject();
        foreach (var name in RunMetrics.Names)
        {
            o[name] = metrics[name];
        }

        return o;
    }
}
