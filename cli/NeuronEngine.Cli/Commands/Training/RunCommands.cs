using System.CommandLine;
using System.CommandLine.Parsing;
using NeuronEngine.Cli.Output;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Training;

/// <summary><c>neuron runs list|show|watch|stop|logs|plot</c>.</summary>
internal static class RunCommands
{
    public static Command Create(CliApp app) => CliApp.Group(
        "runs",
        "Training runs: list, inspect, follow, stop, read their logs and plot their training curves",
        List(app),
        RunShowCommand.Create(app),
        Watch(app),
        Stop(app),
        RunLogsCommand.Create(app),
        RunPlotCommand.Create(app));

    /// <summary>The run id argument every run command takes.</summary>
    internal static Argument<string> RunArgument() => new("run") { Description = "The run id (from train start or runs list)" };

    private static Command List(CliApp app)
    {
        var status = new Option<RunStatus>("--status")
        {
            Description = "Only runs in this status: queued, running, succeeded, early-stopped, failed or stopped",
            CustomParser = ParseStatus,
        };
        var template = new Option<string?>("--template") { Description = "Only runs of this template" };
        var limit = new Option<int?>("--limit") { Description = "Show at most this many runs, the newest (default: every run)" };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--limit must be at least 1");
            }
        });
        var command = app.Command("list", "List runs, newest first", async (cli, ct) =>
        {
            var runs = await ListAsync(cli, new ListRunsRequest { Status = cli.Get(status), TemplateId = cli.Get(template) ?? "" }, cli.Get(limit), ct);
            cli.Write(runs, () =>
            {
                var table = CliContext.Table("RUN", "TEMPLATE", "RECIPE", "STATUS", "EPOCHS", "PRIMARY METRIC", "VERSION", "CREATED", "DURATION");
                table.Columns[0].NoWrap = true;
                foreach (var run in runs)
                {
                    var primary = RunText.PrimaryMetric(run);
                    CliContext.Row(
                        table,
                        run.RunId,
                        run.TemplateId,
                        run.Recipe,
                        RunText.Status(run.Status),
                        $"{run.Epochs.Count}/{run.EpochsPlanned}",
                        run.FinalMetrics.TryGetValue(primary, out var value) ? $"{primary} {RunText.Number(value)}" : "-",
                        RunText.Version(run),
                        RunText.Time(run.Created),
                        RunText.Elapsed(run));
                }

                return table;
            });
            return ExitCodes.Ok;
        });
        command.Options.Add(status);
        command.Options.Add(template);
        command.Options.Add(limit);
        return command;
    }

    /// <summary>Every run the request selects, or the newest <paramref name="limit"/>, following the engine's pages.</summary>
    private static async Task<IReadOnlyList<Run>> ListAsync(CliContext cli, ListRunsRequest request, int? limit, CancellationToken ct)
    {
        if (limit is not { } most)
        {
            return await cli.Client.Training.ListRunsAsync(request, ct: ct);
        }

        var runs = new List<Run>();
        do
        {
            request.PageSize = Math.Min(most - runs.Count, 1000);
            var page = await cli.Client.Training.ListRunsPageAsync(request, ct: ct);
            runs.AddRange(page.Runs);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0 && runs.Count < most);

        return runs;
    }

    private static Command Watch(CliApp app)
    {
        var run = RunArgument();
        var command = app.Command(
            "watch",
            "Follow a run to its end: progress, per-epoch metrics, the outcome (exit 4 when it fails or is stopped; Ctrl-C stops watching, not the run)",
            (cli, ct) => RunWatching.WatchAsync(cli, cli.Get(run)!, ct));
        command.Arguments.Add(run);
        return command;
    }

    private static Command Stop(CliApp app)
    {
        var run = RunArgument();
        var command = app.Command("stop", "Stop a queued or running run (no version is registered)", async (cli, ct) =>
        {
            var stopped = await cli.Client.Training.StopRunAsync(cli.Get(run)!, ct: ct);
            cli.Write(stopped, () => RunTables.Fields(
            [
                ("Run", stopped.RunId),
                ("Status", RunText.Status(stopped.Status)),
                ("Note", stopped.Status == RunStatus.Stopped ? "stopped; no version registered" : "the trainer was asked to stop; it ends the run within seconds"),
            ]));
            return ExitCodes.Ok;
        });
        command.Arguments.Add(run);
        return command;
    }

    /// <summary>Accepts the API's names in any case, with <c>-</c> or <c>_</c>: <c>early-stopped</c>, <c>EARLY_STOPPED</c>.</summary>
    internal static RunStatus ParseStatus(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var normalized = token.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (normalized.Length > 0 && char.IsLetter(normalized[0]) && Enum.TryParse<RunStatus>(normalized, ignoreCase: true, out var status) && status != RunStatus.Unspecified && Enum.IsDefined(status))
        {
            return status;
        }

        result.AddError($"'{token}' is not a run status: use queued, running, succeeded, early-stopped, failed or stopped");
        return default;
    }
}
