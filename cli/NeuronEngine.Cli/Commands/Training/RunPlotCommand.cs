using System.CommandLine;
using NeuronEngine.Cli.Output;

namespace NeuronEngine.Cli.Commands.Training;

/// <summary><c>neuron runs plot</c>: the run's training graph as a PNG.</summary>
internal static class RunPlotCommand
{
    public static Command Create(CliApp app)
    {
        var run = RunCommands.RunArgument();
        var output = new Option<string?>("--out") { Description = "The PNG to write (default: run-<id>.png in the current directory)" };
        var command = app.Command("plot", "Plot a run's per-epoch training loss and eval metrics (best epoch marked) to a PNG", async (cli, ct) =>
        {
            var found = await cli.Client.Training.GetRunAsync(cli.Get(run)!, ct: ct);
            if (found.Epochs.Count == 0)
            {
                throw new CliException(
                    $"FAILED_PRECONDITION: run {found.RunId} has no finished epoch to plot yet (status {RunText.Status(found.Status)})", ExitCodes.Refused);
            }

            var path = Path.GetFullPath(cli.Get(output) is { Length: > 0 } given ? given : $"run-{found.RunId}.png");
            if (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
            {
                throw new CliException($"--out: the directory {directory} does not exist");
            }

            RunPlot.Write(found, path);
            if (cli.Json)
            {
                cli.WriteJson(new { runId = found.RunId, path, epochs = found.Epochs.Count, bestEpoch = RunText.BestEpoch(found) });
            }

            cli.Line(path);
            return ExitCodes.Ok;
        });
        command.Arguments.Add(run);
        command.Options.Add(output);
        return command;
    }
}
