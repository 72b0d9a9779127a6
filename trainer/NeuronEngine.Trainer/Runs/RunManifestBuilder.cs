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

    public required TrainingResult Training { get; init; }

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
            ["popularity"] = Metrics(Popularity),
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
