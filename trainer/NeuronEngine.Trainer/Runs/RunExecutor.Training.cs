using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Evaluation;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.Auto;

namespace NeuronEngine.Trainer.Runs;

internal sealed partial class RunExecutor
{
    private RunOutcome Run(
        RunSpec spec, IRecipe recipe, TrainingSettings settings, TrainEvalDataset dataset, System.Text.Json.Nodes.JsonObject source,
        string workDirectory, IRunReporter reporter, CancellationToken cancellationToken)
    {
        Log.RunStarted(logger, spec.RunId, recipe.Name, dataset.Report.Users, dataset.Report.Items);
        reporter.Progress("evaluating", 0, 0, 0);
        var allEvalUsers = RankingEvaluator.EvalUsers(dataset.Eval);
        var evalUsers = Sample(allEvalUsers, options.MaxEvalUsers, spec.Seed);
        var popularity = evaluator.Evaluate(dataset.Train, dataset.Eval, new PopularityScorer(dataset.Train), evalUsers, cancellationToken);
        RubricValidator.Validate(spec.Rubric, evalUsers.Length, dataset.Items.Count, popularity);
        reporter.Log($"popularity baseline on {evalUsers.Length} of {allEvalUsers.Length} eval users: {Describe(RunMetrics.Of(popularity))}");

        // Selection: the run's recipe, or every candidate of auto, trained on train and judged on eval.
        var refit = spec.Refit ?? !string.Equals(dataset.Report.Source, "upload", StringComparison.Ordinal);
        var selection = Select(spec, recipe, settings, dataset, evalUsers, keepModel: !refit, reporter, cancellationToken);
        var chosen = selection.Chosen;
        var baselines = Baselines(spec, settings, dataset, evalUsers, selection.Candidates, reporter, cancellationToken);
        var neighbours = baselines.TryGetValue(Recipes.Neighbours.ItemKnnRecipe.RecipeName, out var knn) ? knn : null;
        var gates = GateResult.Evaluate(spec.Rubric, chosen.Training.Best.Metrics, RunMetrics.Of(popularity), neighbours);
        foreach (var gate in gates.Where(g => !g.Passed))
        {
            Log.GateFailed(logger, spec.RunId, gate.Name, gate.Value, gate.MinValue);
            reporter.Log($"gate {gate.Name} failed: {gate.Value:G4} against {gate.MinValue:G4} (recorded; the run still finishes)");
        }

        var finalMetrics = FinalMetrics(spec.Rubric.PrimaryMetric, chosen.Training.Best, popularity, baselines, selection.Candidates, gates);

        // The shipped model: the selected one refitted on train + eval (the best epoch count), or the selected model itself.
        IRecipeModel model;
        TrainEvalDataset shipped;
        RecentHistories histories;
        RefitRecord? refitRecord = null;
        if (refit)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            shipped = WithEvalInTrain(dataset);
            histories = new RecentHistories(shipped.Train, chosen.Recipe.HistoryLength, chosen.Recipe.BinaryInputs);
            model = chosen.Recipe.Create(shipped, histories, settings, cancellationToken);
            var epochs = model.Trains ? chosen.Training.Best.Epoch : 0;
            for (var epoch = 1; epoch <= epochs; epoch++)
            {
                var current = epoch;
                reporter.Progress("refitting", current, 0, model.StepsPerEpoch);
                model.TrainEpoch(step => reporter.Progress("refitting", current, step, model.StepsPerEpoch), cancellationToken);
            }

            refitRecord = new RefitRecord(shipped.Train.Count, epochs, clock.Elapsed);
            reporter.Log($"refitted {chosen.Recipe.Label} on train + eval ({shipped.Train.Count} interactions{(epochs > 0 ? $", {epochs} epoch(s)" : "")}) in {clock.Elapsed.TotalSeconds:F1} s");
        }
        else
        {
            model = selection.Model!;
            shipped = dataset;
            histories = selection.Histories!;
        }

        using (model)
        {
            var run = new RunManifestBuilder(spec, recipe, dataset.Report, source)
            {
                EvalUsers = evalUsers.Length,
                EvalUsersTotal = allEvalUsers.Length,
                MaxEvalUsers = options.MaxEvalUsers,
                Popularity = RunMetrics.Of(popularity),
                Baselines = baselines,
                Training = chosen.Training,
                Selected = chosen.Recipe,
                Candidates = selection.Candidates,
                SkippedCandidates = selection.Skipped,
                Refit = refitRecord,
                Gates = gates,
                ExportCheckUsers = options.ExportCheckUsers,
            }.Build();
            var artifact = Export(spec, chosen.Recipe, model, shipped, histories, run, finalMetrics, workDirectory, reporter, cancellationToken);
            return new RunOutcome(chosen.Training.EarlyStopped, finalMetrics, run, artifact);
        }
    }

    /// <summary>Trains and evaluates the run's recipe, or each candidate of <c>auto</c>, and keeps the best by the primary metric.</summary>
    private Selection Select(
        RunSpec spec, IRecipe recipe, TrainingSettings settings, TrainEvalDataset dataset, int[] evalUsers, bool keepModel, IRunReporter reporter, CancellationToken cancellationToken)
    {
        IReadOnlyList<IRecipe> candidates = [recipe];
        var skipped = new List<string>();
        var budget = TimeSpan.MaxValue;
        if (recipe is AutoRecipe auto)
        {
            var (fitting, left) = auto.CandidatesFor(dataset.Items.Count);
            candidates = fitting;
            skipped.AddRange(left);
            budget = auto.Options.TimeBudget;
            reporter.Log($"auto: candidates {string.Join(", ", candidates.Select(c => c.Label))}{(skipped.Count > 0 ? $"; left out: {string.Join("; ", skipped)}" : "")}");
        }

        var primary = spec.Rubric.PrimaryMetric;
        var results = new List<CandidateResult>();
        var kept = new List<(IRecipeModel Model, RecentHistories Histories)>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var single = candidates.Count == 1;
        var reported = false;
        try
        {
            foreach (var candidate in candidates)
            {
                if (results.Count > 0 && started.Elapsed > budget)
                {
                    skipped.Add($"{candidate.Name}: the time budget of {budget} was spent");
                    reporter.Log($"auto: {candidate.Name} skipped, the time budget of {budget} was spent");
                    continue;
                }

                var clock = System.Diagnostics.Stopwatch.StartNew();
                var histories = new RecentHistories(dataset.Train, candidate.HistoryLength, candidate.BinaryInputs);
                var model = candidate.Create(dataset, histories, settings, cancellationToken);

                // Alone, a recipe reports every evaluation as an epoch; among auto's candidates only trained epochs are
                // (the engine holds at most the planned epochs), and one-shot candidates go to the log.
                var reportEpochs = single || model.Trains;
                reported |= reportEpochs;
                var training = Train(spec, model, dataset, histories, evalUsers, reportEpochs, reporter, cancellationToken);
                results.Add(new CandidateResult(candidate, training, clock.Elapsed));
                if (keepModel)
                {
                    kept.Add((model, histories));
                }
                else
                {
                    model.Dispose();
                }

                if (!single)
                {
                    reporter.Log($"candidate {candidate.Label}: {Describe(training.Best.Metrics)} (best epoch {training.Best.Epoch}) in {clock.Elapsed.TotalSeconds:F1} s");
                }
            }

            var chosen = recipe is AutoRecipe a ? a.Choose(results, primary) : 0;
            var best = results[chosen];

            // Auto with no trained candidate still shows one evaluation: the winner's.
            if (!reported)
            {
                reporter.Epoch(1, best.Training.Best.Loss, best.Training.Best.Metrics);
            }

            if (!single)
            {
                reporter.Log($"auto: selected {best.Recipe.Label} ({primary} {best.Metric(primary):F4})");
            }

            var (bestModel, bestHistories) = keepModel ? kept[chosen] : default;
            if (keepModel)
            {
                kept.RemoveAt(chosen);
            }

            return new Selection(best, results, skipped, bestModel, bestHistories);
        }
        finally
        {
            foreach (var (model, _) in kept)
            {
                model.Dispose();
            }
        }
    }

    private TrainingResult Train(
        RunSpec spec, IRecipeModel model, TrainEvalDataset dataset, RecentHistories histories, int[] evalUsers, bool reportEpochs, IRunReporter reporter, CancellationToken cancellationToken)
    {
        var epochs = new List<EpochRecord>();
        EpochRecord? best = null;
        IReadOnlyList<float[]>? bestState = null;
        var sinceBest = 0;
        var earlyStopped = false;
        var total = model.Trains ? spec.Epochs : 1;
        for (var epoch = 1; epoch <= total; epoch++)
        {
            var current = epoch;
            var loss = model.TrainEpoch(step => reporter.Progress("training", current, step, model.StepsPerEpoch), cancellationToken);
            reporter.Progress("evaluating", epoch, model.StepsPerEpoch, model.StepsPerEpoch);
            var result = evaluator.EvaluateBatched(
                spec.Recipe, dataset.Train, dataset.Eval, (users, scores) => Score(model, histories, users, scores), options.EvalBatchSize, evalUsers, cancellationToken);
            var record = new EpochRecord(epoch, loss, RunMetrics.Of(result));
            EnsureFinite(record);
            epochs.Add(record);
            if (reportEpochs)
            {
                reporter.Epoch(epoch, loss, record.Metrics);
            }

            Log.EpochFinished(logger, spec.RunId, epoch, loss, record.Metrics[spec.Rubric.PrimaryMetric]);

            // Strictly better only: an epoch that merely ties the best does not reset patience.
            if (best is null || record.Metrics[spec.Rubric.PrimaryMetric] > best.Metrics[spec.Rubric.PrimaryMetric])
            {
                best = record;
                bestState = model.Trains ? model.SaveState() : null;
                sinceBest = 0;
            }
            else if (++sinceBest >= spec.Rubric.Patience && epoch < total)
            {
                earlyStopped = true;
                Log.EarlyStopped(logger, spec.RunId, epoch, best.Epoch);
                reporter.Log($"early stop after epoch {epoch}: no {spec.Rubric.PrimaryMetric} gain for {sinceBest} evaluation(s); best epoch {best.Epoch}");
                break;
            }
        }

        if (bestState is not null)
        {
            model.LoadState(bestState);
        }

        return new TrainingResult(epochs, best!, earlyStopped);
    }

    /// <summary>
    /// A non-finite loss or metric means the model diverged; the engine refuses such an epoch, and a NaN-scoring model
    /// would only fail later with a misleading export-check error.
    /// </summary>
    private static void EnsureFinite(EpochRecord record)
    {
        var bad = record.Metrics.Where(m => !double.IsFinite(m.Value)).Select(m => m.Key).ToList();
        if (!double.IsFinite(record.Loss) || bad.Count > 0)
        {
            throw NeuronException.FailedPrecondition(string.Create(
                CultureInfo.InvariantCulture,
                $"training diverged in epoch {record.Epoch}: loss {record.Loss}{(bad.Count > 0 ? $", non-finite {string.Join(", ", bad)}" : "")}; a lower learning_rate usually helps"));
        }
    }

    private static void Score(IRecipeModel model, RecentHistories histories, ReadOnlySpan<int> users, Span<float> scores)
    {
        histories.Fill(users, out var items, out var weights);
        model.Score(items, weights, users.Length, scores);
    }

    /// <summary>
    /// The final metrics: the shipped candidate's best epoch, then each baseline's metrics under its name
    /// (<c>popularity.ndcg@10</c>, <c>item-knn.ndcg@10</c>, <c>ease.ndcg@10</c>), each auto candidate's primary metric
    /// under <c>candidate.&lt;label&gt;.&lt;metric&gt;</c>, and every gate as 1 or 0 (<c>gate.beats_neighbours</c>).
    /// </summary>
    private static Dictionary<string, double> FinalMetrics(
        string primary, EpochRecord best, EvaluationResult popularity, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> baselines,
        IReadOnlyList<CandidateResult> candidates, IReadOnlyList<GateResult> gates)
    {
        var metrics = new Dictionary<string, double>(best.Metrics, StringComparer.Ordinal) { ["epoch"] = best.Epoch };
        foreach (var (name, value) in RunMetrics.Of(popularity))
        {
            metrics[$"popularity.{name}"] = value;
        }

        foreach (var (baseline, values) in baselines)
        {
            foreach (var name in RunMetrics.Names)
            {
                metrics[$"{baseline}.{name}"] = values[name];
            }
        }

        // Only the primary metric per candidate: the engine caps a run's metrics, and the manifest has them all.
        if (candidates.Count > 1)
        {
            foreach (var candidate in candidates)
            {
                metrics[$"candidate.{candidate.Recipe.Label}.{primary}"] = candidate.Metric(primary);
            }
        }

        foreach (var gate in gates)
        {
            metrics[$"gate.{gate.Name}"] = gate.Passed ? 1 : 0;
        }

        return metrics;
    }

    /// <summary>
    /// The neighbourhood references every run is compared with on its own eval users (RECIPES.md): <c>item-knn</c>
    /// always, <c>ease</c> where the catalog fits <see cref="RunExecutorOptions.EaseBaselineMaxItems"/>. A candidate
    /// already trained on the same split is reused rather than fitted again.
    /// </summary>
    private Dictionary<string, IReadOnlyDictionary<string, double>> Baselines(
        RunSpec spec, TrainingSettings settings, TrainEvalDataset dataset, int[] evalUsers, IReadOnlyList<CandidateResult> candidates,
        IRunReporter reporter, CancellationToken cancellationToken)
    {
        var baselines = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var name in new[] { Recipes.Neighbours.ItemKnnRecipe.RecipeName, Recipes.Ease.EaseRecipe.RecipeName })
        {
            // Of a recipe's variants (ease's penalties), the best one is the baseline.
            if (candidates.Where(c => string.Equals(c.Recipe.Name, name, StringComparison.Ordinal)).MaxBy(c => c.Metric(spec.Rubric.PrimaryMetric)) is { } done)
            {
                baselines[name] = done.Training.Best.Metrics;
                continue;
            }

            if (recipes.TryFind(name) is not { } recipe
                || (recipe is Recipes.Ease.EaseRecipe && dataset.Items.Count > options.EaseBaselineMaxItems))
            {
                continue;
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            reporter.Progress("evaluating", 0, 0, 0);
            var histories = new RecentHistories(dataset.Train, recipe.HistoryLength, recipe.BinaryInputs);
            using var model = recipe.Create(dataset, histories, settings, cancellationToken);
            var result = evaluator.EvaluateBatched(
                name, dataset.Train, dataset.Eval, (users, scores) => Score(model, histories, users, scores), options.EvalBatchSize, evalUsers, cancellationToken);
            baselines[name] = RunMetrics.Of(result);
            reporter.Log($"{name} baseline: {Describe(baselines[name])} in {clock.Elapsed.TotalSeconds:F1} s");
        }

        return baselines;
    }

    /// <summary>The run's data with the eval interactions moved into train (same ids), for the refit of the selected model.</summary>
    internal static TrainEvalDataset WithEvalInTrain(TrainEvalDataset dataset)
    {
        var all = new Interaction[dataset.Train.Count + dataset.Eval.Count];
        dataset.Train.All.CopyTo(all);
        dataset.Eval.All.CopyTo(all.AsSpan(dataset.Train.Count));
        var train = InteractionSet.Create(all, dataset.Train.UserCount, dataset.Train.ItemCount);
        var eval = InteractionSet.Create([], dataset.Eval.UserCount, dataset.Eval.ItemCount);
        return dataset with { Train = train, Eval = eval };
    }

    /// <summary>What selection produced: the winner, every candidate, what was left out, and the winner's model when kept.</summary>
    private sealed record Selection(CandidateResult Chosen, IReadOnlyList<CandidateResult> Candidates, IReadOnlyList<string> Skipped, IRecipeModel? Model, RecentHistories? Histories);

    /// <summary>A seeded sample of at most <paramref name="cap"/> of <paramref name="all"/>, in index order.</summary>
    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "A reproducible sample needs a seeded generator.")]
    internal static int[] Sample(int[] all, int cap, long seed)
    {
        if (all.Length <= cap)
        {
            return all;
        }

        var copy = (int[])all.Clone();
        new Random(unchecked((int)seed ^ (int)(seed >> 32) ^ 0x5eed)).Shuffle(copy);
        var sample = copy[..cap];
        Array.Sort(sample);
        return sample;
    }

    private static string Describe(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", metrics.Select(m => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}")));
}
