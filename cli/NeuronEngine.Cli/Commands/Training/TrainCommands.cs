using System.CommandLine;
using System.Globalization;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Training;

/// <summary><c>neuron train start</c>.</summary>
internal static class TrainCommands
{
    public static Command Create(CliApp app) => CliApp.Group(
        "train",
        "Train a model version from a Published template (the trainer sidecar runs it)",
        Start(app));

    private static Command Start(CliApp app)
    {
        var template = new Option<string>("--template") { Description = "The Published template to train from", Required = true };
        var recipe = new Option<string?>("--recipe") { Description = "auto (default), item-knn, ease, pooled-history or popularity" };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs, 1–50 (default 5)" };
        var batchSize = new Option<int?>("--batch-size") { Description = "64, 128, 256 or 512 (default 256)" };
        var learningRate = new Option<double?>("--learning-rate") { Description = "Greater than 0 (default 0.001)" };
        var seed = new Option<long?>("--seed") { Description = "Seed of every random choice (default: chosen and recorded by the engine)" };
        var family = new Option<string?>("--family") { Description = "Model family to register the version in (default: from the template's name)" };
        var trainDataset = new Option<string?>("--train-dataset") { Description = "Train on this uploaded dataset (with --eval-dataset) instead of the event log" };
        var evalDataset = new Option<string?>("--eval-dataset") { Description = "Evaluate on this uploaded dataset (with --train-dataset)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the run to its end: progress, per-epoch metrics, the outcome (Ctrl-C stops watching, not the run)" };
        var command = app.Command("start", "Start a training run; with --watch, follow it to the end (exit 4 when it fails or is stopped)", async (cli, ct) =>
        {
            var request = new StartRunRequest
            {
                TemplateId = cli.Get(template)!,
                Recipe = cli.Get(recipe) ?? "",
                Family = cli.Get(family) ?? "",
                TrainDatasetId = cli.Get(trainDataset) ?? "",
                EvalDatasetId = cli.Get(evalDataset) ?? "",
            };
            if ((request.TrainDatasetId.Length > 0) != (request.EvalDatasetId.Length > 0))
            {
                throw new CliException("--train-dataset and --eval-dataset go together: give both or neither");
            }

            if (cli.Get(epochs) is { } e)
            {
                request.Epochs = e;
            }

            if (cli.Get(batchSize) is { } b)
            {
                request.BatchSize = b;
            }

            if (cli.Get(learningRate) is { } lr)
            {
                request.LearningRate = lr;
            }

            if (cli.Get(seed) is { } s)
            {
                request.Seed = s;
            }

            var run = await cli.Client.Training.StartRunAsync(request, ct: ct);
            if (cli.Get(watch))
            {
                return await RunWatching.WatchAsync(cli, run.RunId, ct);
            }

            cli.Write(run, () => Output.RunTables.Fields(
            [
                ("Run", run.RunId),
                ("Status", Output.RunText.Status(run.Status)),
                ("Template", run.TemplateId),
                ("Recipe", run.Recipe),
                ("Options", string.Create(CultureInfo.InvariantCulture, $"{run.EpochsPlanned} epochs, batch {run.BatchSize}, learning rate {run.LearningRate}, seed {run.Seed}")),
                ("Family", run.Family),
                ("Watch", $"neuron runs watch {run.RunId}"),
            ]));
            return ExitCodes.Ok;
        });
        foreach (var option in new Option[] { template, recipe, epochs, batchSize, learningRate, seed, family, trainDataset, evalDataset, watch })
        {
            command.Options.Add(option);
        }

        return command;
    }
}
