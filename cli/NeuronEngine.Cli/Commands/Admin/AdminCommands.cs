using System.CommandLine;
using System.Globalization;

namespace NeuronEngine.Cli.Commands.Admin;

/// <summary><c>neuron admin backup</c>: engine-wide operations.</summary>
internal static class AdminCommands
{
    public static Command Create(CliApp app) => CliApp.Group(
        "admin",
        "Engine-wide operations (docs/operations.md)",
        Backup(app));

    private static Command Backup(CliApp app)
    {
        var name = new Argument<string?>("name")
        {
            Description = "The backup folder's name under the engine's Backup:Directory (default backup-<UTC time>)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = app.Command("backup", "Make a consistent online backup of the running engine (registry, event log, counters checkpoint, model artifacts)", async (cli, ct) =>
        {
            var chosen = cli.Get(name) ?? $"backup-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            var backup = await cli.Client.Admin.BackupAsync(chosen, cli.Timeout, ct);
            if (cli.Json)
            {
                cli.WriteJson(backup);
                return ExitCodes.Ok;
            }

            cli.Line($"Backup {chosen} written to {backup.Directory} (on the engine's host)");
            cli.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"  every event up to log position {backup.LogPosition:N0}; {backup.Files} files, {backup.Bytes / 1048576.0:F1} MiB, {backup.ModelVersions} model versions"));
            cli.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"  took {backup.Duration.ToTimeSpan().TotalSeconds:F1} s; ingest paused {backup.IngestPaused.ToTimeSpan().TotalMilliseconds:F0} ms"));
            if (backup.Pruned.Count > 0)
            {
                cli.Line($"  deleted older backups to keep Limits:BackupsKept: {string.Join(", ", backup.Pruned)}");
            }

            cli.Line($"  restore: copy the folder to a new data directory and start the engine with --data-dir on it");
            return ExitCodes.Ok;
        });
        command.Arguments.Add(name);
        return command;
    }
}
