using System.CommandLine;
using System.Globalization;
using NeuronEngine.Cli.Output;
using NeuronEngine.Contracts.V1;
using Spectre.Console;

namespace NeuronEngine.Cli.Commands.Training;

/// <summary><c>neuron datasets upload|list|delete</c>: JSON Lines event sets a run can train and evaluate on.</summary>
internal static class DatasetCommands
{
    public static Command Create(CliApp app) => CliApp.Group(
        "datasets",
        "Uploaded datasets (JSON Lines, one event per line) for runs started with --train-dataset/--eval-dataset",
        Upload(app),
        List(app),
        Delete(app));

    private static Command Upload(CliApp app)
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSON Lines file: {\"user_id\", \"item_id\", \"type\", \"timestamp\"} per line" };
        var name = new Option<string>("--name", "-n") { Description = "The dataset id, ^[a-z0-9][a-z0-9_-]{0,63}$, unique in the tenant", Required = true };
        var description = new Option<string?>("--description") { Description = "What the dataset holds (up to 4000 characters)" };
        var command = app.Command("upload", "Upload a dataset (streamed; the engine checks every line and keeps nothing if one is bad)", async (cli, ct) =>
        {
            var path = cli.Get(file)!;
            if (!path.Exists)
            {
                throw new CliException($"{path.FullName}: no such file");
            }

            var header = new UploadDatasetHeader { DatasetId = cli.Get(name)!, Description = cli.Get(description) ?? "" };
            var dataset = cli.Console.IsInteractive && !cli.Json
                ? await UploadWithProgressAsync(cli, path, header, ct)
                : await UploadAsync(cli, path, header, _ => { }, ct);
            cli.Write(dataset, () => Render([dataset]));
            return ExitCodes.Ok;
        });
        command.Arguments.Add(file);
        command.Options.Add(name);
        command.Options.Add(description);
        return command;
    }

    private static async Task<Dataset> UploadAsync(CliContext cli, FileInfo path, UploadDatasetHeader header, Action<long> progress, CancellationToken ct)
    {
        await using var content = new ProgressStream(path.OpenRead(), progress);
        return await cli.Client.Training.UploadDatasetAsync(header, content, ct: ct);
    }

    private static async Task<Dataset> UploadWithProgressAsync(CliContext cli, FileInfo path, UploadDatasetHeader header, CancellationToken ct) =>
        await cli.Console.Ansi.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"uploading {Markup.Escape(path.Name)}", maxValue: Math.Max(1, path.Length));
                var dataset = await UploadAsync(cli, path, header, read => task.Value = read, ct);
                task.Value = task.MaxValue;
                return dataset;
            });

    private static Command List(CliApp app) => app.Command("list", "List the tenant's datasets", async (cli, ct) =>
    {
        var datasets = await cli.Client.Training.ListDatasetsAsync(ct: ct);
        cli.Write(datasets, () => Render(datasets));
        return ExitCodes.Ok;
    });

    private static Command Delete(CliApp app)
    {
        var id = new Argument<string>("dataset") { Description = "The dataset id" };
        var command = app.Command("delete", "Delete a dataset (refused while a queued or running run uses it)", async (cli, ct) =>
        {
            var deleted = cli.Get(id)!;
            await cli.Client.Training.DeleteDatasetAsync(deleted, ct: ct);
            if (cli.Json)
            {
                cli.WriteJson(new { deleted });
            }

            cli.Line($"Deleted dataset {deleted}");
            return ExitCodes.Ok;
        });
        command.Arguments.Add(id);
        return command;
    }

    private static Table Render(IEnumerable<Dataset> datasets)
    {
        var table = CliContext.Table("DATASET", "EVENTS", "USERS", "ITEMS", "BYTES", "SHA-256", "CREATED", "DESCRIPTION");
        foreach (var d in datasets)
        {
            CliContext.Row(
                table,
                d.DatasetId,
                d.Events.ToString("N0", CultureInfo.InvariantCulture),
                d.Users.ToString("N0", CultureInfo.InvariantCulture),
                d.Items.ToString("N0", CultureInfo.InvariantCulture),
                d.Bytes.ToString("N0", CultureInfo.InvariantCulture),
                d.Sha256.Length > 12 ? d.Sha256[..12] + "…" : d.Sha256,
                RunText.Time(d.Created),
                d.Description);
        }

        return table;
    }
}
