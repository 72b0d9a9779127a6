using System.Runtime.CompilerServices;
using System.Text.Json;

namespace NeuronEngine.Cli.Input;

/// <summary>
/// Streams the rows of a CSV (header row first) or JSONL file, one line at a time, so files larger than memory import in
/// constant space. Blank lines are skipped; line numbers count every line, the header included.
/// </summary>
internal sealed class RowReader : IDisposable
{
    private readonly FileStream stream;
    private readonly StreamReader reader;
    private readonly IReadOnlyCollection<string> required;
    private readonly IReadOnlySet<string>? allowed;

    private RowReader(string path, InputFormat format, IReadOnlyCollection<string> required, IReadOnlySet<string>? allowed)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file");
        }

        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        FileName = System.IO.Path.GetFileName(path);
        Format = format;
        this.required = required;
        this.allowed = allowed;
    }

    /// <summary>The file's name without its directory.</summary>
    public string FileName { get; }

    /// <summary>CSV or JSONL.</summary>
    public InputFormat Format { get; }

    /// <summary>The file's size (bytes).</summary>
    public long Length => stream.Length;

    /// <summary>Bytes read so far (ahead of the rows handed out by at most one buffer).</summary>
    public long Position => stream.Position;

    /// <summary>Opens <paramref name="path"/>; a CSV header must name every column in <paramref name="required"/> and, when <paramref name="allowed"/> is given, only those.</summary>
    public static RowReader Open(string path, InputFormat format, IReadOnlyCollection<string> required, IReadOnlySet<string>? allowed = null) =>
        new(path, Resolve(path, format), required, allowed);

    /// <summary>The format <paramref name="format"/> says, or the one <paramref name="path"/>'s extension says.</summary>
    public static InputFormat Resolve(string path, InputFormat format) => format != InputFormat.Auto ? format
        : System.IO.Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CSV" => InputFormat.Csv,
            ".JSONL" or ".NDJSON" or ".JSON" => InputFormat.Jsonl,
            _ => throw new CliException($"{path}: cannot tell the format from the extension; pass --format csv or --format jsonl"),
        };

    /// <summary>The data rows, in file order.</summary>
    public async IAsyncEnumerable<Row> ReadAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        IReadOnlyList<string>? header = null;
        long number = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (Format == InputFormat.Csv && header is null)
            {
                header = Header(line, number);
                continue;
            }

            if (Format == InputFormat.Csv)
            {
                yield return CsvRow(header!, line, number);
                continue;
            }

            var document = ParseJson(line, out var error);
            if (document is null)
            {
                yield return new Row(number, line, null, error);
                continue;
            }

            using (document)
            {
                yield return document.RootElement.ValueKind == JsonValueKind.Object
                    ? new Row(number, line, new JsonRowFields(document.RootElement), null)
                    : new Row(number, line, null, "not a JSON object");
            }
        }

        if (Format == InputFormat.Csv && header is null)
        {
            throw new CliException($"{FileName}: empty: a CSV file starts with a header row ({string.Join(",", required)},…)");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        reader.Dispose();
        stream.Dispose();
    }

    private static JsonDocument? ParseJson(string line, out string? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON (at byte {ex.BytePositionInLine ?? 0})";
            return null;
        }
    }

    private static Row CsvRow(IReadOnlyList<string> header, string line, long number)
    {
        try
        {
            var cells = CsvLine.Split(line);
            return cells.Count == header.Count
                ? new Row(number, line, new CsvRowFields(header, cells), null)
                : new Row(number, line, null, $"expected {header.Count} columns, found {cells.Count}");
        }
        catch (RowException ex)
        {
            return new Row(number, line, null, ex.Message);
        }
    }

    private List<string> Header(string line, long number)
    {
        List<string> columns;
        try
        {
            columns = [.. CsvLine.Split(line).Select(c => c.ToLowerInvariant())];
        }
        catch (RowException ex)
        {
            throw new CliException($"{FileName} line {number}: header row: {ex.Message}");
        }

        var problem = columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice ? $"column \"{twice.Key}\" appears twice"
            : required.FirstOrDefault(r => !columns.Contains(r)) is { } missing ? $"no \"{missing}\" column"
            : allowed is not null && columns.FirstOrDefault(c => !allowed.Contains(c)) is { } unknown ? $"unknown column \"{unknown}\""
            : null;
        if (problem is not null)
        {
            var expected = allowed is null ? string.Join(",", required) + ",…" : string.Join(",", allowed);
            throw new CliException($"{FileName} line {number}: header row: {problem} (columns: {expected})");
        }

        return columns;
    }
}
