using System.Text.Json;
using NeuronEngine.Models.Contract;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Export;
using NeuronEngine.Trainer.Recipes;

namespace NeuronEngine.Trainer.Runs;

internal sealed partial class RunExecutor
{
    /// <summary>Writes the artifact to a partial folder, checks it in ONNX Runtime, then publishes it as <c>artifact</c>.</summary>
    private string Export(
        RunSpec spec, IRecipe recipe, IRecipeModel model, TrainEvalDataset dataset, RecentHistories histories, string run,
        IReadOnlyDictionary<string, double> metrics, string workDirectory, IRunReporter reporter, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        reporter.Progress("exporting", 0, 0, 0);
        var final = Path.Combine(workDirectory, ArtifactFolder);
        var partial = final + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        using var runDocument = JsonDocument.Parse(run);
        var manifest = new ModelManifest
        {
            ContractVersion = model is Recipes.Neighbours.NeighbourModel ? ModelContract.NeighbourVersion : ModelContract.Version,
            Recipe = recipe.Name,
            Items = dataset.Items.Count,
            Dimensions = model.Dimensions,
            Scoring = ScoringPrecisions.Name(model.Scoring),
            Serving = new ServingParameters
            {
                HistoryLength = recipe.HistoryLength,
                RecencyHalfLifeHours = 0,

                // Only the signals the run trained on: feeding a dropped signal at serving time would show the model
                // inputs it never saw.
                // A model fitted on the binary matrix is fed weight 1 per item, as it was fitted and evaluated.
                SignalWeights = dataset.Report.SignalsUsed.ToDictionary(s => s.Type, s => recipe.BinaryInputs ? 1 : s.Weight, StringComparer.Ordinal),
            },
            Created = time.GetUtcNow(),
            CodeVersion = RunManifestBuilder.CodeVersion,
            Run = runDocument.RootElement.Clone(),
            Metrics = new Dictionary<string, double>(metrics, StringComparer.Ordinal),
        };
        ArtifactWriter.Write(partial, model.Export(), dataset.Items.Ids, manifest);

        reporter.Progress("verifying", 0, 0, 0);
        var checkUsers = Sample([.. Enumerable.Range(0, histories.UserCount).Where(u => histories.Items(u).Length > 0)], options.ExportCheckUsers, spec.Seed + 1);
        ExportChecker.Check(partial, model, histories, checkUsers, dataset.Users.Ids, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(partial, final);
        Log.Exported(logger, spec.RunId, final, checkUsers.Length);
        reporter.Log($"exported {dataset.Items.Count} items × {model.Dimensions} dimensions; ONNX matches the trained model on {checkUsers.Length} users");
        return final;
    }
}
