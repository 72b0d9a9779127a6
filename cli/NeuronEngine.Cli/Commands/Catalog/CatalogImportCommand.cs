using System.CommandLine;
using NeuronEngine.Cli.Input;
using NeuronEngine.Cli.Output;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Catalog;

/// <summary><c>neuron catalog import &lt;file&gt;</c>: streams items to UpsertItems in batches.</summary>
internal static class CatalogImportCommand
{
    public static Command Create(CliApp app)
    {
        var options = new ImportOptions();
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Items per UpsertItems call, 1–10000 (each call is all-or-nothing)",
            DefaultValueFactory = _ => 1000,
        };
        batchSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                r.AddError("--batch-size must be 1–10000");
            }
        });
        var command = app.Command("import", "Upsert items from a CSV (item_id[,active],<attribute columns>…) or JSONL file", (cli, ct) => RunAsync(cli, options, cli.Get(batchSize), ct));
        options.AddTo(command);
        command.Options.Add(batchSize);
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, ImportOptions options, int batchSize, CancellationToken ct)
    {
        using var rows = RowReader.Open(cli.Get(options.File)!, cli.Get(options.Format), ItemRow.Required);
        var report = new ImportReport(rows.FileName, "items", Math.Max(0, cli.Get(options.MaxErrors)));
        var abort = cli.Get(options.OnError) == OnError.Abort;
        var salvage = new BatchSalvage(report);
        var batch = new List<(Item Item, long Line)>(batchSize);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        RowError? abortedAt = null;

        async Task SendAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                report.Sent += (await cli.Client.Catalog.UpsertAsync(batch.Select(b => b.Item), ct)).Upserted;
            }
            catch (Client.NeuronClientException ex) when (ex.StatusCode is not (Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded) || report.Sent > 0)
            {
                await salvage.RecoverAsync(batch, b => b.Line, ex, async pending => ((await cli.Client.Catalog.UpsertAsync(pending.Select(b => b.Item), ct)).Upserted, 0));
            }

            batch.Clear();
            ids.Clear();
        }

        await ImportProgress.RunAsync(cli, rows, "items", async progress =>
        {
            await foreach (var row in rows.ReadAsync(ct))
            {
                report.Read++;
                Item item;
                try
                {
                    item = row.Error is null ? ItemRow.Parse(row) : throw new RowException(row.Error);
                }
                catch (RowException ex)
                {
                    report.Skip(row.Line, ex.Message);
                    if (abort)
                    {
                        abortedAt = new RowError(row.Line, ex.Message);
                        break;
                    }

                    continue;
                }

                // An item named twice in one call is refused; the later row wins, as it would across calls.
                if (batch.Count == batchSize || !ids.Add(item.ItemId))
                {
                    await SendAsync();
                    ids.Add(item.ItemId);
                }

                batch.Add((item, row.Line));
                progress.Update(report.Sent);
            }

            await SendAsync();
            progress.Update(report.Sent, force: true);
        });

        report.Stop();
        if (abortedAt is not null)
        {
            if (cli.Json)
            {
                cli.WriteJson(report.ToJson());
            }

            throw new CliException($"line {abortedAt.Line}: {abortedAt.Reason}; import aborted (--on-error abort): {report.Sent:N0} items before it were upserted, nothing after it");
        }

        report.Print(cli);
        return report.ExitCode;
    }
}
