using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Evaluation;
using NeuronEngine.Trainer.Recipes;

namespace NeuronEngine.Trainer.Runs;

internal sealed partial class RunExecutor
{
    private RunOutcome Run(
        RunSpec spec, IRecipe recipe, TrainingSettings settings, TrainEvalDataset dataset, System.Text.Json.Nodes.JsonObject source,
        string workDirectory, IRunReporter reporter, CancellationToken cancellationToken)
    {
        Log.RunStarted(_logger, spec.RunId, recipe.Name, dataset.Report.Users, dataset.Report.Items);
        reporter.Progress("evaluating", 0, 0, 0);
        var allEvalUsers = RankingEvaluator.EvalUsers(dataset.Eval);
        var evalUsers = Sample(allEvalUsers, _options.MaxEvalUsers, spec.Seed);
        var popularity = _evaluator.Evaluate(dataset.Train, dataset.Eval, new PopularityScorer(dataset.Train), evalUsers, cancellationToken);
        RubricValidator.Validate(spec.Rubric, evalUsers.Length, dataset.Items.Count, popularity);
        reporter.Log($"popularity baseline on {evalUsers.Length} of {allEvalUsers.Length} eval users: {Describe(RunMetrics.Of(popularity))}");

        var histories = new RecentHistories(dataset.Train, recipe.HistoryLength);
        using var model = recipe.Create(dataset, histories, settings);
        var training = Train(spec, model, dataset, histories, evalUsers, reporter, cancellationToken);
        var gates = GateResult.Evaluate(spec.Rubric, training.Best.Metrics, RunMetrics.Of(popularity));
        foreach (var gate in gates.Where(g => !g.Passed))
        {
            Log.GateFailed(_logger, spec.RunId, gate.Name, gate.Value, gate.MinValue);
            reporter.Log($"gate {gate.Name} failed: {gate.Value:G4} against {gate.MinValue:G4} (recorded; the run still finishes)");
        }

        var finalMetrics = FinalMetrics(training.Best, popularity, gates);
        var run = new RunManifestBuilder(spec, recipe, dataset.Report, source)
        {
            EvalUsers = evalUsers.Length,
            EvalUsersTotal = allEvalUsers.Length,
            MaxEvalUsers = _options.MaxEvalUsers,
            Popularity = RunMetrics.Of(popularity),
            Training = training,
            Gates = gates,
            ExportCheckUsers = _options.ExportCheckUsers,
        }.Build();
        var artifact = Export(spec, recipe, model, dataset, histories, run, finalMetrics, workDirectory, reporter, cancellationToken);
        return new RunOutcome(training.EarlyStopped, finalMetrics, run, artifact);
    }

    private TrainingResult Train(
        RunSpec spec, IRecipeModel model, TrainEvalDataset dataset, RecentHistories histories, int[] evalUsers, IRunReporter reporter, CancellationToken cancellationToken)
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
            var result = _evaluator.EvaluateBatched(
                spec.Recipe, dataset.Train, dataset.Eval, (users, scores) => Score(model, histories, users, scores), _options.EvalBatchSize, evalUsers, cancellationToken);
            var record = new EpochRecord(epoch, loss, RunMetrics.Of(result));
            EnsureFinite(record);
            epochs.Add(record);
            reporter.Epoch(epoch, loss, record.Metrics);
            Log.EpochFinished(_logger, spec.RunId, epoch, loss, record.Metrics[spec.Rubric.PrimaryMetric]);

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
                Log.EarlyStopped(_logger, spec.RunId, epoch, best.Epoch);
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

    private static Dictionary<string, double> FinalMetrics(EpochRecord best, EvaluationResult popularity, IReadOnlyList<GateResult> gates)
    {
        var metrics = new Dictionary<string, double>(best.Metrics, StringComparer.Ordinal) { ["epoch"] = best.Epoch };
        foreach (var (name, value) in RunMetrics.Of(popularity))
        {
            metrics[$"popularity.{name}"] = value;
        }

        foreach (var gate in gates)
        {
            metrics[$"gate.{gate.Name}"] = gate.Passed ? 1 : 0;
        }

        return metrics;
    }

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
