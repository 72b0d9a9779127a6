using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuronEngine.Cli.Output;

/// <summary>
/// The tally of one import: rows read, sent, skipped (unreadable) and failed (refused by the engine), with the first
/// <c>maxErrors</c> errors kept by line number. Counts are exact however many errors are kept.
/// </summary>
internal sealed class ImportReport(string fileName, string noun, int maxErrors)
{
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private readonly List<RowError> errors = [];

    /// <summary>Data rows read from the file.</summary>
    public long Read { get; set; }

    /// <summary>Rows the engine holds after the import: newly stored plus <see cref="Duplicates"/>.</summary>
    public long Sent { get; set; }

    /// <summary>Rows the engine already held (the same event id imported before).</summary>
    public long Duplicates { get; set; }

    /// <summary>Rows not sent because they could not be read.</summary>
    public long Skipped { get; private set; }

    /// <summary>Rows the engine refused or that could not be delivered.</summary>
    public long Failed { get; private set; }

    /// <summary>The errors kept (at most <c>maxErrors</c>), in the order they were found.</summary>
    public IReadOnlyList<RowError> Errors => errors;

    /// <summary>Seconds since the import started.</summary>
    public double Seconds => watch.Elapsed.TotalSeconds;

    /// <summary>0 when every row was sent, else <see cref="ExitCodes.Partial"/>.</summary>
    public int ExitCode => Skipped + Failed > 0 ? ExitCodes.Partial : ExitCodes.Ok;

    /// <summary>Counts an unreadable row.</summary>
    public void Skip(long line, string reason)
    {
        Skipped++;
        Keep(line, reason);
    }

    /// <summary>Counts a row the engine did not store.</summary>
    public void Fail(long line, string reason)
    {
        Failed++;
        Keep(line, reason);
    }

    /// <summary>Stops the clock.</summary>
    public void Stop() => watch.Stop();

    /// <summary>The JSON document: <c>{read, sent, duplicates, skipped, failed, seconds, &lt;noun&gt;PerSecond, errors:[{line, reason}]}</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["read"] = Read,
        ["sent"] = Sent,
        ["duplicates"] = Duplicates,
        ["skipped"] = Skipped,
        ["failed"] = Failed,
        ["seconds"] = Math.Round(Seconds, 3),
        [$"{noun}PerSecond"] = Math.Round(Rate, 1),
        ["errors"] = new JsonArray([.. errors.Select(e => new JsonObject { ["line"] = e.Line, ["reason"] = e.Reason })]),
    };

    /// <summary>Prints the report: the JSON document, or the errors on stderr and a summary line on stdout.</summary>
    public void Print(CliContext cli)
    {
        if (cli.Json)
        {
            cli.WriteJson(ToJson());
            return;
        }

        foreach (var error in errors)
        {
            cli.Console.Error.WriteLine($"{fileName} line {error.Line}: {error.Reason}");
        }

        var unlisted = Skipped + Failed - errors.Count;
        if (unlisted > 0)
        {
            cli.Console.Error.WriteLine($"… and {unlisted:N0} more (raise --max-errors to list them)");
        }

        // Straight to stdout: a console's line wrapping would split the one line scripts and logs look for.
        cli.Console.Out.WriteLine(Summary());
    }

    /// <summary>One line: what was sent, how fast, and what was not.</summary>
    public string Summary()
    {
        var text = string.Format(
            CultureInfo.InvariantCulture,
            "Imported {0:N0} of {1:N0} {2} from {3} in {4:N1} s ({5:N0} {2}/s)",
            Sent,
            Read,
            noun,
            fileName,
            Seconds,
            Rate);
        var notes = new List<string>();
        if (Duplicates > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{Duplicates:N0} already stored"));
        }

        if (Skipped > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{Skipped:N0} skipped (unreadable)"));
        }

        if (Failed > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{Failed:N0} failed (refused by the engine)"));
        }

        return notes.Count == 0 ? text : $"{text}; {string.Join(", ", notes)}";
    }

    private double Rate => Seconds > 0 ? Sent / Seconds : 0;

    private void Keep(long line, string reason)
    {
        if (errors.Count < maxErrors)
        {
            errors.Add(new RowError(line, reason));
        }
    }
}
