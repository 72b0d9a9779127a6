using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.EventLog;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Evaluation;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.PooledHistory;
using NeuronEngine.Trainer.Recipes.Popularity;
using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Measurement;

/// <summary>
/// <c>NeuronEngine.Trainer measure [--users N --items N --events N --epochs N --recipe X --seed S --batch N --lr X]</c>:
/// generates a synthetic data set in memory (<see cref="SyntheticData"/>), runs the recipes through the same run
/// executor as a leased run (evaluation, early stopping, export, export check) and prints NDCG@10, Recall@20 and
/// HR@10 of each with the wall time per phase.
/// </summary>
public static class TrainingMeasurement
{
    /// <summary>Runs the measurement; returns the process exit code (0, or 2 for bad arguments).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        Dictionary<string, string> options;
        SyntheticDataOptions data;
        int epochs;
        try
        {
            options = Parse(args);
            data = new SyntheticDataOptions
            {
                Users = Int(options, "users", 2_000),
                Items = Int(options, "items", 1_000),
                Events = Int(options, "events", 50_000),
                Clusters = Int(options, "clusters", 20),
                Seed = Int(options, "seed", 42),
            };
            epochs = Int(options, "epochs", 5);
            _ = Int(options, "batch", 512);
        }
        catch (ArgumentException e)
        {
            await output.WriteLineAsync($"measure: {e.Message}");
            return 2;
        }

        var recipes = options.TryGetValue("recipe", out var r) ? [r] : new[] { PopularityRecipe.RecipeName, PooledHistoryRecipe.RecipeName };

        var clock = Stopwatch.StartNew();
        var events = SyntheticData.Generate(data);
        var generated = clock.Elapsed;
        var template = SyntheticData.Template();
        var dataset = SyntheticData.BuildDataset(events, template, new SplitOptions());
        var built = clock.Elapsed - generated;
        await output.WriteLineAsync(FormattableString.Invariant(
            $"data: {events.Count} events, {dataset.Report.Users} users, {dataset.Report.Items} items, {dataset.Report.TrainInteractions} train / {dataset.Report.EvalInteractions} eval pairs, {dataset.Report.EvalUsers} eval users"));
        await output.WriteLineAsync(FormattableString.Invariant($"time: generate {generated.TotalSeconds:F1} s, build dataset {built.TotalSeconds:F1} s"));

        var executor = new RunExecutor(
            new RecipeCatalog(new PooledHistoryOptions()), new RunExecutorOptions(), new SplitOptions(), new EvaluationOptions(), TimeProvider.System, NullLogger<RunExecutor>.Instance);
        var work = Directory.CreateTempSubdirectory("neuron-measure-");
        try
        {
            foreach (var recipe in recipes)
            {
                await output.WriteLineAsync($"recipe {recipe}:");
                var timer = new PhaseTimer(output);
                var spec = Spec(recipe, template, epochs, data.Seed, options);
                var source = new JsonObject { ["source"] = "synthetic", ["events"] = events.Count, ["seed"] = data.Seed };
                var outcome = await executor.ExecuteAsync(spec, dataset, source, Path.Combine(work.FullName, recipe), timer, cancellationToken);
                timer.Stop();
                var m = outcome.FinalMetrics;
                await output.WriteLineAsync(FormattableString.Invariant(
                    $"  result: ndcg@10 {m[RunMetrics.Ndcg10]:F4}, recall@20 {m[RunMetrics.Recall20]:F4}, hr@10 {m[RunMetrics.HitRate10]:F4} (best epoch {m["epoch"]}, early stopped {outcome.EarlyStopped}); popularity ndcg@10 {m["popularity." + RunMetrics.Ndcg10]:F4}"));
                await output.WriteLineAsync("  time: " + string.Join(", ", timer.Phases.Select(p => FormattableString.Invariant($"{p.Key} {p.Value.TotalSeconds:F1} s"))));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        return 0;
    }

    private static RunSpec Spec(string recipe, FrozenTemplate template, int epochs, long seed, Dictionary<string, string> options) => new()
    {
        RunId = "measure",
        Tenant = "measure",
        TemplateName = "synthetic",
        Template = template,
        Recipe = recipe,
        Epochs = epochs,
        BatchSize = Int(options, "batch", 512),
        LearningRate = options.TryGetValue("lr", out var lr) ? double.Parse(lr, CultureInfo.InvariantCulture) : 0.001,
        Seed = seed,
        Rubric = new RubricSpec(RunMetrics.Ndcg10, [new RubricGateSpec(RubricValidator.BeatsPopularity, 0.1)], Patience: 2),
        LogPosition = LogPosition.Start,
        EventLogDirectory = "(in memory)",
    };

    internal static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (string.Equals(args[i], "measure", StringComparison.Ordinal) && i == 0)
            {
                continue;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got \"{args[i]}\"");
            }

            options[args[i][2..]] = args[++i];
        }

        return options;
    }

    internal static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value)
            ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--{name} must be a positive integer, got \"{value}\"")
            : fallback;
}
