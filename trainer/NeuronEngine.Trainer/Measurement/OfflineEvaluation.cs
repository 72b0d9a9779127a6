using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Core;
using NeuronEngine.EventLog;
using NeuronEngine.Models.Contract;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Evaluation;
using NeuronEngine.Trainer.Export;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.PooledHistory;
using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Measurement;

/// <summary>
/// <c>NeuronEngine.Trainer evaluate --data FILE [--test FILE] [--seed N] [--recipes a,b] [--epochs N] [--served-history N] [--out report.md]</c>:
/// what a team runs on its own data before adopting the engine. The RECIPES.md protocol: a seeded random 75/25 split
/// of each user's distinct items (or the given test file), then for every recipe the path a run takes in the engine —
/// the training part split again (the run's own protocol) for selection and early stopping, the winner refitted on all
/// of the training part, exported to ONNX — and the exported model scored in ONNX Runtime on each user's served history (the last
/// <c>--served-history</c> events, as the engine's counters keep them), full ranking with the user's training items
/// removed, against the held-out items: NDCG@10, Recall@20, HR@10, with each recipe's wall time.
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "A reproducible split needs a seeded generator.")]
internal static class OfflineEvaluation
{
    /// <summary>Every recipe, cheapest first: the baselines, then the models, then the default.</summary>
    private static readonly string[] AllRecipes = ["popularity", "item-knn", "ease", "pooled-history", "auto"];

    /// <summary>Runs the evaluation; returns the exit code (0, or 2 for bad arguments or data).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        Dictionary<string, string> options;
        List<InteractionFile.Line> train, test;
        int seed, epochs, served, overlap;
        string[] recipes;
        try
        {
            options = TrainingMeasurement.Parse(args);
            seed = TrainingMeasurement.Int(options, "seed", 42);
            epochs = TrainingMeasurement.Int(options, "epochs", 5);
            served = TrainingMeasurement.Int(options, "served-history", 200);
            recipes = options.TryGetValue("recipes", out var r) ? r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : AllRecipes;
            var data = options.TryGetValue("data", out var d) ? d : throw new ArgumentException("--data FILE is required");
            var lines = InteractionFile.Read(data);
            (train, test) = options.TryGetValue("test", out var t) ? (lines, InteractionFile.Read(t)) : Split(lines, seed);
            overlap = DropTrainedPairs(train, test);
        }
        catch (Exception e) when (e is ArgumentException or NeuronException or IOException)
        {
            await output.WriteLineAsync($"evaluate: {e.Message}");
            return 2;
        }

        var template = TemplateOf(train);
        var events = train.Select(l => new SyntheticEvent(l.UserId, l.ItemId, l.Type, l.TimestampMicros)).ToList();
        TrainEvalDataset dataset;
        try
        {
            dataset = SyntheticData.BuildDataset(events, template, Bind<SplitOptions>(options, SplitOptions.SectionName).WithSeed(seed));
        }
        catch (Exception e) when (e is InvalidOperationException or NeuronException)
        {
            await output.WriteLineAsync($"evaluate: {e.Message}");
            return 2;
        }

        var heldOut = test.GroupBy(l => l.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(l => l.ItemId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var byUser = train.GroupBy(l => l.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderByDescending(l => l.TimestampMicros).ToList(), StringComparer.Ordinal);
        var users = heldOut.Keys.Where(byUser.ContainsKey).Order(StringComparer.Ordinal).ToArray();
        await output.WriteLineAsync(FormattableString.Invariant(
            $"data: {train.Count} train events ({dataset.Report.Users} users, {dataset.Report.Items} items, {template.Signals.Count} types), {test.Count} held-out events of {users.Length} users; seed {seed}"));
        if (overlap > 0)
        {
            await output.WriteLineAsync($"warning: {overlap} held-out event(s) are on (user, item) pairs the training part has too; they were left out of the held-out set (a trained pair is never recommended back)");
        }

        RecipeCatalog catalog;
        try
        {
            catalog = Catalog(options);
        }
        catch (Exception e) when (e is InvalidOperationException or NeuronException)
        {
            await output.WriteLineAsync($"evaluate: {e.Message}");
            return 2;
        }

        var executor = new RunExecutor(catalog, new RunExecutorOptions(), Bind<SplitOptions>(options, SplitOptions.SectionName), new EvaluationOptions(), TimeProvider.System, NullLogger<RunExecutor>.Instance);
        var work = Directory.CreateTempSubdirectory("neuron-evaluate-");
        var rows = new List<JsonObject>();
        try
        {
            foreach (var recipe in recipes)
            {
                await output.WriteLineAsync($"recipe {recipe}:");
                var clock = Stopwatch.StartNew();
                RunOutcome outcome;
                try
                {
                    var spec = Spec(recipe, template, epochs, seed);
                    var source = new JsonObject { ["source"] = "offline-evaluation", ["events"] = train.Count, ["seed"] = seed };
                    outcome = await executor.ExecuteAsync(spec, dataset, source, Path.Combine(work.FullName, recipe), new PhaseTimer(output), cancellationToken);
                }
                catch (NeuronException e)
                {
                    await output.WriteLineAsync($"  skipped: {e.Message}");
                    continue;
                }

                var fitted = clock.Elapsed;
                var metrics = Score(outcome.ArtifactDirectory, users, byUser, heldOut, served);
                var selected = JsonNode.Parse(outcome.Manifest)?["selected_label"]?.GetValue<string>() ?? recipe;
                var row = new JsonObject
                {
                    ["recipe"] = recipe,
                    ["selected"] = selected,
                    ["ndcg@10"] = metrics.Ndcg,
                    ["recall@20"] = metrics.Recall,
                    ["hr@10"] = metrics.HitRate,
                    ["users"] = users.Length,
                    ["selection_ndcg@10"] = outcome.FinalMetrics[RunMetrics.Ndcg10],
                    ["fit_seconds"] = fitted.TotalSeconds,
                    ["peak_rss_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0),
                };
                rows.Add(row);
                await output.WriteLineAsync(FormattableString.Invariant(
                    $"  held-out: ndcg@10 {metrics.Ndcg:F4}, recall@20 {metrics.Recall:F4}, hr@10 {metrics.HitRate:F4} over {users.Length} users ({selected}, {fitted.TotalSeconds:F1} s)"));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var table = Table(rows);
        await output.WriteLineAsync();
        await output.WriteLineAsync(table);
        if (options.TryGetValue("out", out var outPath))
        {
            await File.WriteAllTextAsync(outPath, table, cancellationToken);
            await File.WriteAllTextAsync(Path.ChangeExtension(outPath, ".json"), new JsonArray([.. rows]).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        }

        return 0;
    }

    /// <summary>
    /// The recipes with the trainer's configuration keys given as options (<c>--Trainer:ItemKnn:Shrink 0</c>), so a team
    /// can try the settings it would run with.
    /// </summary>
    private static RecipeCatalog Catalog(Dictionary<string, string> options) => new(
        Bind<PooledHistoryOptions>(options, PooledHistoryOptions.SectionName),
        Bind<Recipes.Ease.EaseOptions>(options, Recipes.Ease.EaseOptions.SectionName),
        Bind<Recipes.Neighbours.ItemKnnOptions>(options, Recipes.Neighbours.ItemKnnOptions.SectionName),
        Bind<Recipes.Auto.AutoOptions>(options, Recipes.Auto.AutoOptions.SectionName));

    /// <summary>One section of the trainer's configuration from the options whose names are keys (<c>Trainer:Split:Protocol</c>).</summary>
    private static T Bind<T>(Dictionary<string, string> options, string section)
        where T : new() =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(options.Where(o => o.Key.Contains(':', StringComparison.Ordinal)).Select(o => KeyValuePair.Create(o.Key, (string?)o.Value)))
            .Build().GetSection(section).Get<T>() ?? new T();

    /// <summary>A run as StartRun makes it with default options (batch 256, learning rate 0.001, patience 3, beats_popularity 0).</summary>
    private static RunSpec Spec(string recipe, FrozenTemplate template, int epochs, long seed) => new()
    {
        RunId = "evaluate",
        Tenant = "evaluate",
        TemplateName = "offline",
        Template = template,
        Recipe = recipe,
        Epochs = epochs,
        BatchSize = 256,
        LearningRate = 0.001,
        Seed = seed,
        Rubric = new RubricSpec(RunMetrics.Ndcg10, [], Patience: 3),
        LogPosition = LogPosition.Start,
        EventLogDirectory = "(in memory)",
    };

    /// <summary>
    /// For each user, a seeded shuffle of the user's distinct items: a quarter of them (rounded down; none for users
    /// with fewer than 4 items) and every event on them are held out, the rest train.
    /// </summary>
    internal static (List<InteractionFile.Line> Train, List<InteractionFile.Line> Test) Split(IReadOnlyList<InteractionFile.Line> lines, int seed)
    {
        var random = new Random(seed);
        var train = new List<InteractionFile.Line>(lines.Count);
        var test = new List<InteractionFile.Line>(lines.Count / 4);
        foreach (var user in lines.GroupBy(l => l.UserId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var items = user.Select(l => l.ItemId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(items);
            var held = items.Length >= 4 ? items.Take(items.Length / 4).ToHashSet(StringComparer.Ordinal) : [];
            foreach (var line in user)
            {
                (held.Contains(line.ItemId) ? test : train).Add(line);
            }
        }

        return (train, test);
    }

    /// <summary>Removes from <paramref name="test"/> the events on (user, item) pairs that <paramref name="train"/> has; returns how many.</summary>
    private static int DropTrainedPairs(List<InteractionFile.Line> train, List<InteractionFile.Line> test)
    {
        var trained = train.Select(l => (l.UserId, l.ItemId)).ToHashSet();
        return test.RemoveAll(l => trained.Contains((l.UserId, l.ItemId)));
    }

    /// <summary>One signal per type, weighted by the type's most common weight (1–100), or 1 when the file has none.</summary>
    private static FrozenTemplate TemplateOf(IReadOnlyList<InteractionFile.Line> lines)
    {
        var signals = lines.GroupBy(l => l.Type, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var weight = g.Where(l => l.Weight is not null).GroupBy(l => l.Weight!.Value).OrderByDescending(w => w.Count()).ThenBy(w => w.Key).Select(w => w.Key).FirstOrDefault(1f);
            return new TemplateSignal(g.Key, (int)Math.Clamp(MathF.Round(weight), TemplateRules.MinWeight, TemplateRules.MaxWeight), 0);
        }).ToList();
        return new FrozenTemplate("offline", signals, 0);
    }

    /// <summary>Scores the exported model on each user's served history through ONNX Runtime, as Recommend does.</summary>
    private static (double Ndcg, double Recall, double HitRate) Score(
        string artifact, string[] users, Dictionary<string, List<InteractionFile.Line>> byUser, Dictionary<string, HashSet<string>> heldOut, int servedEvents)
    {
        var manifest = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(artifact, ModelContract.ManifestFile)), ModelJsonContext.Default.ModelManifest)
            ?? throw NeuronException.DataLoss("the artifact has no manifest");
        var ids = File.ReadAllLines(Path.Combine(artifact, ModelContract.VocabularyFile));
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            index[ids[i]] = i;
        }

        var serving = manifest.Serving;
        using var scorer = new OnnxScorer(Path.Combine(artifact, ModelContract.ModelFile), ids.Length, Environment.ProcessorCount);
        double ndcg = 0, recall = 0, hits = 0;
        const int Batch = 64;
        for (var start = 0; start < users.Length; start += Batch)
        {
            var chunk = users.AsSpan(start, Math.Min(Batch, users.Length - start)).ToArray();
            var fed = chunk.Select(u => Feed(byUser[u], servedEvents, serving, index)).ToArray();
            var width = Math.Max(1, fed.Max(f => f.Count));
            var items = new long[chunk.Length * width];
            var weights = new float[chunk.Length * width];
            for (var r = 0; r < chunk.Length; r++)
            {
                for (var h = 0; h < fed[r].Count; h++)
                {
                    items[(r * width) + h] = fed[r][h].Item;
                    weights[(r * width) + h] = fed[r][h].Weight;
                }
            }

            var trainItems = chunk.Select(u => byUser[u].Select(l => l.ItemId).ToHashSet(StringComparer.Ordinal)).ToArray();
            var k = Math.Min(ids.Length, RankingMetrics.RecallCutoff + trainItems.Max(t => t.Count));
            var (_, top) = scorer.Run(items, weights, chunk.Length, width, k);
            for (var r = 0; r < chunk.Length; r++)
            {
                var ranked = new List<string>(RankingMetrics.RecallCutoff);
                for (var i = 0; i < k && ranked.Count < RankingMetrics.RecallCutoff; i++)
                {
                    var id = ids[top[(r * k) + i]];
                    if (!trainItems[r].Contains(id))
                    {
                        ranked.Add(id);
                    }
                }

                var relevant = heldOut[chunk[r]];
                var (n, rc, hr) = Metrics(ranked, relevant);
                ndcg += n;
                recall += rc;
                hits += hr;
            }
        }

        return users.Length == 0 ? (0, 0, 0) : (ndcg / users.Length, recall / users.Length, hits / users.Length);
    }

    /// <summary>
    /// What the engine feeds for a user: of the newest <paramref name="servedEvents"/> events, one entry per distinct
    /// item the model knows, newest first, weighted by the manifest's signal weight (the largest of the item's events),
    /// up to the manifest's history length; types the model was not trained on are not fed.
    /// </summary>
    private static List<(int Item, float Weight)> Feed(List<InteractionFile.Line> newestFirst, int servedEvents, ServingParameters serving, Dictionary<string, int> index)
    {
        var fed = new List<(int Item, float Weight)>();
        var at = new Dictionary<int, int>();
        foreach (var line in newestFirst.Take(servedEvents))
        {
            if (!index.TryGetValue(line.ItemId, out var item) || (serving.SignalWeights.Count > 0 && !serving.SignalWeights.ContainsKey(line.Type)))
            {
                continue;
            }

            var weight = serving.SignalWeights.Count > 0 ? serving.SignalWeights[line.Type] : 1f;
            if (at.TryGetValue(item, out var position))
            {
                fed[position] = (item, Math.Max(fed[position].Weight, weight));
            }
            else if (fed.Count < serving.HistoryLength)
            {
                at[item] = fed.Count;
                fed.Add((item, weight));
            }
        }

        return fed;
    }

    /// <summary>NDCG@10, Recall@20 and HR@10 of one ranked list of ids (<see cref="RankingMetrics"/>; zeros when nothing is held out).</summary>
    internal static (double Ndcg, double Recall, double HitRate) Metrics(IReadOnlyList<string> ranked, HashSet<string> relevant)
    {
        if (relevant.Count == 0)
        {
            return (0, 0, 0);
        }

        Span<bool> hits = stackalloc bool[RankingMetrics.Depth];
        var depth = Math.Min(ranked.Count, RankingMetrics.Depth);
        for (var r = 0; r < depth; r++)
        {
            hits[r] = relevant.Contains(ranked[r]);
        }

        return RankingMetrics.FromHits(hits[..depth], relevant.Count);
    }

    private static string Table(List<JsonObject> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| recipe | shipped | NDCG@10 | Recall@20 | HR@10 | users | selection NDCG@10 | fit + export (s) | peak RSS so far (MB) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r["recipe"]} | {r["selected"]} | {(double)r["ndcg@10"]!:F4} | {(double)r["recall@20"]!:F4} | {(double)r["hr@10"]!:F4} | {r["users"]} | {(double)r["selection_ndcg@10"]!:F4} | {(double)r["fit_seconds"]!:F1} | {(double)r["peak_rss_mb"]!:F0} |"));
        }

        return text.ToString();
    }
}
