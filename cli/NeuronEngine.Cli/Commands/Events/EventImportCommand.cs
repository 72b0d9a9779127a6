using System.CommandLine;
using System.Runtime.CompilerServices;
using NeuronEngine.Cli.Input;
using NeuronEngine.Cli.Output;
using NeuronEngine.Client.Tracking;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Events;

/// <summary>
/// <c>neuron events import &lt;file&gt;</c>: streams a CSV or JSONL file through the SDK's batching tracker. Rows
/// without an <c>event_id</c> get one derived from file name, line number and line text, so re-running an interrupted
/// import stores nothing twice (within the engine's 24-hour dedup window).
/// </summary>
internal static class EventImportCommand
{
    public static Command Create(CliApp app)
    {
        var options = new ImportOptions();
        var command = app.Command("import", "Import events from a CSV (user_id,item_id,type[,timestamp][,event_id][,tags]) or JSONL file", (cli, ct) => RunAsync(cli, options, ct));
        options.AddTo(command);
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, ImportOptions options, CancellationToken ct)
    {
        using var rows = RowReader.Open(cli.Get(options.File)!, cli.Get(options.Format), EventRow.Required, EventRow.Columns);
        var report = new ImportReport(rows.FileName, "events", Math.Max(0, cli.Get(options.MaxErrors)));
        var abort = cli.Get(options.OnError) == OnError.Abort;

        // Fails fast (exit 3) when the engine is not there, instead of the tracker retrying every batch.
        await cli.Client.EventTypes.ListAsync(ct: ct);

        // Lines are looked up only for refused events; the weak table forgets every event once the tracker has sent it.
        var lines = new ConditionalWeakTable<Event, StrongBox<long>>();
        var refused = new List<TrackFailedEventArgs>();
        RowError? abortedAt = null;
        var interrupted = false;
        var tracker = cli.Client.CreateTracker();
        tracker.BatchFailed += (_, args) =>
        {
            lock (refused)
            {
                refused.Add(args);
            }
        };
        await using (tracker)
        {
            try
            {
                await ImportProgress.RunAsync(cli, rows, "events", async progress => abortedAt = await SendAsync(rows, report, tracker, lines, abort, progress, ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Disposing the tracker still sends what was buffered, so the count printed after it is exact.
                interrupted = true;
            }
        }

        if (interrupted)
        {
            throw new CliException(
                $"interrupted after {tracker.Sent + tracker.Duplicates:N0} of {report.Read:N0} events were sent; run the same import again to finish (rows already stored count as duplicates)",
                ExitCodes.Cancelled);
        }

        report.Sent = tracker.Sent + tracker.Duplicates;
        report.Duplicates = tracker.Duplicates;
        var salvage = new BatchSalvage(report);
        foreach (var failed in refused)
        {
            await salvage.RecoverAsync(
                failed.Events,
                e => lines.TryGetValue(e, out var line) ? line.Value : 0,
                failed.Error,
                async pending =>
                {
                    var response = await cli.Client.Events.TrackAsync(pending, ct);
                    return (response.Accepted, response.Duplicates);
                });
        }

        report.Stop();
        if (abortedAt is not null)
        {
            return Aborted(cli, report, abortedAt);
        }

        report.Print(cli);
        return report.ExitCode;
    }

    /// <summary>Reads every row into the tracker and flushes it; returns the row that stopped an aborting import, if any.</summary>
    private static async Task<RowError?> SendAsync(
        RowReader rows, ImportReport report, EventTracker tracker, ConditionalWeakTable<Event, StrongBox<long>> lines, bool abort, ImportProgress progress, CancellationToken ct)
    {
        RowError? abortedAt = null;
        await foreach (var row in rows.ReadAsync(ct))
        {
            report.Read++;
            Event e;
            try
            {
                e = row.Error is null ? EventRow.Parse(row, rows.FileName) : throw new RowException(row.Error);
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

            lines.AddOrUpdate(e, new StrongBox<long>(row.Line));
            await tracker.TrackAsync(e, ct);
            progress.Update(tracker.Sent + tracker.Duplicates);
        }

        await tracker.FlushAsync(ct);
        progress.Update(tracker.Sent + tracker.Duplicates, force: true);
        return abortedAt;
    }

    private static int Aborted(CliContext cli, ImportReport report, RowError at)
    {
        if (cli.Json)
        {
            cli.WriteJson(report.ToJson());
        }

        var refusedNote = report.Failed > 0 ? $" ({report.Failed:N0} refused by the engine)" : "";
        throw new CliException($"line {at.Line}: {at.Reason}; import aborted (--on-error abort): {report.Sent:N0} events before it were sent{refusedNote}, nothing after it");
    }
}
