using System.Text.Json;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.EventLog;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Worker;

/// <summary>Turns a lease from the engine into the run's <see cref="RunSpec"/>.</summary>
internal static class LeaseTranslator
{
    /// <exception cref="NeuronException">InvalidArgument when the lease's frozen template cannot be read.</exception>
    public static RunSpec ToSpec(RunLease lease, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(options);
        var run = lease.Run;
        var (template, name) = ParseTemplate(lease.FrozenTemplate);
        var rubric = run.Rubric ?? new Rubric();
        return new RunSpec
        {
            RunId = run.RunId,
            Tenant = lease.Tenant,
            TemplateName = name,
            Template = template,
            Recipe = run.Recipe,
            Epochs = run.EpochsPlanned,
            BatchSize = run.BatchSize,
            LearningRate = run.LearningRate,
            Seed = run.Seed,
            Rubric = new RubricSpec(
                rubric.PrimaryMetric,
                [.. rubric.Gates.Select(g => new RubricGateSpec(g.Name, g.MinValue))],
                rubric.HasPatience ? rubric.Patience : 3),
            LogPosition = new LogPosition(lease.LogPosition),
            EventLogDirectory = lease.EventLogDirectory.Length > 0 ? lease.EventLogDirectory : Path.GetFullPath(Path.Combine(options.DataDir, "events")),
            TrainDatasetPath = lease.TrainDatasetPath.Length > 0 ? lease.TrainDatasetPath : null,
            EvalDatasetPath = lease.EvalDatasetPath.Length > 0 ? lease.EvalDatasetPath : null,
        };
    }

    /// <summary>The directory the run writes into: the one the engine made for it, else one under the data directory.</summary>
    public static string WorkDirectory(RunLease lease, TrainerOptions options) =>
        lease.WorkDirectory.Length > 0
            ? lease.WorkDirectory
            : Path.GetFullPath(Path.Combine(options.DataDir, "training", "runs", lease.Run.RunId));

    private static (FrozenTemplate Template, string Name) ParseTemplate(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var id = root.GetProperty("template_id").GetString() ?? "";
            var name = root.TryGetProperty("name", out var n) ? n.GetString() ?? id : id;
            var signals = root.GetProperty("signals").EnumerateArray()
                .Select(s => new TemplateSignal(
                    s.GetProperty("type").GetString() ?? "",
                    (float)s.GetProperty("weight").GetDouble(),
                    s.TryGetProperty("threshold", out var t) ? t.GetInt64() : 0))
                .ToList();
            var minTotal = root.TryGetProperty("min_total_events", out var m) ? m.GetInt64() : 0;
            var tag = root.TryGetProperty("tag_filter", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() is { Length: > 0 } text ? text : null;
            var template = new FrozenTemplate(id, signals, minTotal, tag);
            template.EnsureValid();
            return (template, name.Length > 0 ? name : id);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw NeuronException.InvalidArgument("frozen_template", $"cannot be read ({ex.Message})");
        }
    }
}
