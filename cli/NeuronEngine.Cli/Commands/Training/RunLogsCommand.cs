using System.CommandLine;
using NeuronEngine.Cli.Output;

namespace NeuronEngine.Cli.Commands.Training;

/// <summary><c>neuron runs logs</c>: the trainer's log lines, optionally followed until the run ends.</summary>
internal static class RunLogsCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create(CliApp app)
    {
        var run = RunCommands.RunArgument();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the run ends" };
        var command = app.Command("logs", "Print a run's log lines (the engine keeps the newest 5,000)", async (cli, ct) =>
        {
            var runId = cli.Get(run)!;
            var lines = await cli.Client.Training.GetRunLogsAsync(runId, ct: ct);
            var all = new List<string>(lines);
            Print(cli, lines);
            while (cli.Get(follow))
            {
                var finished = RunText.IsFinished((await cli.Client.Training.GetRunAsync(runId, ct: ct)).Status);
                var next = await cli.Client.Training.GetRunLogsAsync(runId, ct: ct);
                var fresh = NewLines(lines, next);
                Print(cli, fresh);
                all.AddRange(fresh);
                lines = next;
                if (finished)
                {
                    break;
                }

                await Task.Delay(PollInterval, ct);
            }

            if (cli.Json)
            {
                cli.WriteJson(new { runId, lines = all });
            }

            return ExitCodes.Ok;
        });
        command.Arguments.Add(run);
        command.Options.Add(follow);
        return command;
    }

    /// <summary>
    /// The lines of <paramref name="next"/> after the ones already seen. The engine keeps only the newest lines, so the
    /// old list may have lost its head: find where its last line sits in the new one.
    /// </summary>
    internal static IReadOnlyList<string> NewLines(IReadOnlyList<string> seen, IReadOnlyList<string> next)
    {
        if (seen.Count == 0)
        {
            return next;
        }

        if (next.Count >= seen.Count && next.Take(seen.Count).SequenceEqual(seen, StringComparer.Ordinal))
        {
            return [.. next.Skip(seen.Count)];
        }

        var last = seen[^1];
        for (var i = next.Count - 1; i >= 0; i--)
        {
            if (string.Equals(next[i], last, StringComparison.Ordinal))
            {
                return [.. next.Skip(i + 1)];
            }
        }

        return next;
    }

    private static void Print(CliContext cli, IEnumerable<string> lines)
    {
        if (cli.Json)
        {
            return;
        }

        foreach (var line in lines)
        {
            cli.Console.Out.WriteLine(line);
        }
    }
}
