using System.CommandLine;
using System.Text.Json;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;
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

            var template = await TemplateNameAsync(cli, found, ct);
            RunPlot.Write(found, template, path);
            if (cli.Json)
            {
                cli.WriteJson(new { runId = found.RunId, path, template, epochs = found.Epochs.Count, bestEpoch = RunText.BestEpoch(found) });
            }

            cli.Line(path);
            return ExitCodes.Ok;
        });
        command.Arguments.Add(run);
        command.Options.Add(output);
        return command;
    }

    /// <summary>
    /// The run's template by name: from its manifest once it has one (the name it was trained under, even if the template
    /// was renamed or deleted since), else the template as it is now; its id when neither can be had.
    /// </summary>
    private static async Task<string> TemplateNameAsync(CliContext cli, Run run, CancellationToken ct)
    {
        if (run.Manifest.Length > 0)
        {
            try
            {
                using var manifest = JsonDocument.Parse(run.Manifest);
                if (manifest.RootElement.TryGetProperty("template_name", out var name) && name.GetString() is { Length: > 0 } recorded)
                {
                    return recorded;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not JSON, or not the shape written by the engine (a root that is not an object, a name that is not a string).
            }
        }

        try
        {
            return (await cli.Client.Templates.GetAsync(run.TemplateId, ct: ct)).Name;
        }
        catch (NeuronClientException ex) when (ex.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.PermissionDenied)
        {
            return run.TemplateId;
        }
    }
}
