using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NeuronEngine.Cli.Output;
using NeuronEngine.Contracts.V1;
using Spectre.Console.Rendering;

namespace NeuronEngine.Cli.Commands.Training;

/// <summary><c>neuron runs show</c>: everything about one run, the manifest summarised.</summary>
internal static class RunShowCommand
{
    public static Command Create(CliApp app)
    {
        var run = RunCommands.RunArgument();
        var command = app.Command("show", "Show a run: status, times, options, per-epoch metrics, final metrics, gates, version, manifest summary", async (cli, ct) =>
        {
            var found = await cli.Client.Training.GetRunAsync(cli.Get(run)!, ct: ct);
            cli.Write(found, () => Render(found));
            return ExitCodes.Ok;
        });
        command.Arguments.Add(run);
        return command;
    }

    internal static IRenderable Render(Run run)
    {
        var sections = new List<IRenderable> { RunTables.Fields(Summary(run)) };
        if (run.Epochs.Count > 0)
        {
            sections.Add(RunTables.Heading(Environment.NewLine + "Epochs"));
            sections.Add(RunTables.Epochs(run));
        }

        if (run.FinalMetrics.Count > 0)
        {
            sections.Add(RunTables.Heading($"Final metrics (best epoch {RunText.BestEpoch(run)})"));
            sections.Add(RunTables.FinalMetrics(run));
        }

        if (RunTables.Candidates(run) is { } candidates)
        {
            sections.Add(RunTables.Heading(Environment.NewLine + "Candidates (auto)"));
            sections.Add(candidates);
        }

        var gates = RunText.Gates(run);
        if (gates.Count > 0)
        {
            sections.Add(RunTables.Heading("Gates"));
            var table = CliContext.Table("GATE", "MIN VALUE", "RESULT");
            foreach (var (name, minValue, passed) in gates)
            {
                CliContext.Row(table, name, minValue.ToString(CultureInfo.InvariantCulture), passed switch { true => "passed", false => "FAILED", null => "-" });
            }

            sections.Add(table);
        }

        var manifest = ManifestSummary(run.Manifest);
        if (manifest.Count > 0)
        {
            sections.Add(RunTables.Heading("Manifest"));
            sections.Add(RunTables.Fields(manifest));
        }

        return new Spectre.Console.Rows(sections);
    }

    private static List<(string, string)> Summary(Run run)
    {
        var fields = new List<(string, string)>
        {
            ("Run", run.RunId),
            ("Status", RunText.Status(run.Status) + (RunText.IsFinished(run.Status) ? "" : $" ({run.Progress?.Phase}, epoch {run.Progress?.Epoch ?? 0} of {run.EpochsPlanned})")),
            ("Template", run.TemplateId),
            ("Recipe", run.Recipe),
            ("Started by", run.Actor.Length > 0 ? run.Actor : "-"),
            ("Created", RunText.Time(run.Created)),
            ("Started", RunText.Time(run.Started)),
            ("Finished", RunText.Time(run.Finished)),
            ("Duration", RunText.Elapsed(run)),
            ("Options", string.Create(CultureInfo.InvariantCulture, $"{run.EpochsPlanned} epochs, batch {run.BatchSize}, learning rate {run.LearningRate}, seed {run.Seed}")),
            ("Rubric", Rubric(run)),
            ("Family", run.Family),
            ("Version", RunText.Version(run)),
        };
        if (run.TrainDatasetId.Length > 0)
        {
            fields.Add(("Datasets", $"train {run.TrainDatasetId}, eval {run.EvalDatasetId}"));
        }

        if (run.Error.Length > 0)
        {
            fields.Add(("Error", run.Error));
        }

        return fields;
    }

    private static string Rubric(Run run)
    {
        var gates = string.Join(", ", RunText.Gates(run).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Name} ≥ {g.MinValue}")));
        var patience = run.Rubric is { HasPatience: true } r ? r.Patience : 3;
        return $"primary {RunText.PrimaryMetric(run)}, patience {patience}" + (gates.Length > 0 ? $", gates {gates}" : "");
    }

    /// <summary>The manifest's data and split figures; anything it lacks is left out (a hand-registered run may have none).</summary>
    internal static List<(string, string)> ManifestSummary(string manifest)
    {
        var fields = new List<(string, string)>();
        if (manifest.Length == 0)
        {
            return fields;
        }

        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            if (root.TryGetProperty("split", out var split) && split.ValueKind == JsonValueKind.Object)
            {
                Add(fields, "Source", split, "source");
                Add(fields, "Events read", split, "eventsRead");
                Add(fields, "Events used", split, "eventsUsed");
                Add(fields, "Users", split, "users");
                Add(fields, "Items", split, "items");
                Add(fields, "Train interactions", split, "trainInteractions");
                Add(fields, "Eval interactions", split, "evalInteractions");
                Add(fields, "Eval users", split, "evalUsers");
                Add(fields, "Train/eval overlap", split, "overlap");
                Add(fields, "Split protocol", split, "protocol");
            }

            Add(fields, "Shipped recipe", root, "selected_label");
            if (root.TryGetProperty("refit", out var refit) && refit.ValueKind == JsonValueKind.Object)
            {
                Add(fields, "Refitted on train + eval", refit, "refitted");
            }

            Add(fields, "Best epoch", root, "best_epoch");
            Add(fields, "Early stopped", root, "early_stopped");
            Add(fields, "Code version", root, "code_version");
        }
        catch (JsonException)
        {
            fields.Add(("Manifest", "(not JSON; see --output json)"));
        }

        return fields;
    }

    private static void Add(List<(string, string)> fields, string label, JsonElement parent, string name)
    {
        if (parent.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            var text = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
                ? n.ToString("N0", CultureInfo.InvariantCulture)
                : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? (value.GetBoolean() ? "yes" : "no") : value.ToString();
            fields.Add((label, text));
        }
    }
}
