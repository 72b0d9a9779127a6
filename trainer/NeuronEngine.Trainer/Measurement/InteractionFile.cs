using System.Globalization;
using System.Text.Json;
using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Measurement;

/// <summary>
/// Reads a team's interactions file for offline evaluation: CSV with a header naming at least <c>user_id</c> and
/// <c>item_id</c> (optional <c>type</c>, <c>weight</c>, <c>timestamp</c>; <c>user</c>/<c>item</c> are accepted too), or
/// JSON Lines with the same fields. A missing type is <c>interaction</c>; a missing timestamp is the line's order.
/// </summary>
internal static class InteractionFile
{
    /// <summary>The type given to lines without one.</summary>
    public const string DefaultType = "interaction";

    /// <summary>One line of the file.</summary>
    internal readonly record struct Line(string UserId, string ItemId, string Type, float? Weight, long TimestampMicros);

    /// <summary>Reads every line; JSON Lines when the path ends in <c>.jsonl</c>/<c>.json</c>, else CSV.</summary>
    /// <exception cref="NeuronException">InvalidArgument naming the line and field of the first bad line.</exception>
    public static List<Line> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = File.OpenText(path);
        return path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? ReadJsonLines(reader, path)
            : ReadCsv(reader, path);
    }

    private static List<Line> ReadCsv(TextReader reader, string path)
    {
        var header = reader.ReadLine() ?? throw NeuronException.InvalidArgument("data", $"{path} is empty");
        var columns = header.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToArray();
        var user = Column(columns, "user_id", "user");
        var item = Column(columns, "item_id", "item");
        if (user < 0 || item < 0)
        {
            throw NeuronException.InvalidArgument("data", $"{path}: the header must name user_id and item_id, got \"{header}\"");
        }

        var type = Column(columns, "type", "event_type");
        var weight = Column(columns, "weight", "rating");
        var time = Column(columns, "timestamp", "time");
        var lines = new List<Line>();
        string? text;
        var number = 1;
        while ((text = reader.ReadLine()) is not null)
        {
            number++;
            if (text.Length == 0)
            {
                continue;
            }

            // No quoting: an id with a comma or a quote would be misread, so such a line is refused, not guessed at.
            var fields = text.Split(',');
            if (fields.Length != columns.Length || text.Contains('"', StringComparison.Ordinal))
            {
                throw NeuronException.InvalidArgument("data", $"{path} line {number}: {fields.Length} fields, the header has {columns.Length} (fields are not quoted, so ids must not contain ',' or '\"')");
            }

            lines.Add(new Line(
                Required(fields[user], path, number, "user_id"),
                Required(fields[item], path, number, "item_id"),
                type >= 0 && fields[type].Length > 0 ? fields[type] : DefaultType,
                weight >= 0 && fields[weight].Length > 0 ? Weight(fields[weight], path, number) : null,
                time >= 0 && fields[time].Length > 0 ? Timestamp(fields[time], path, number) : number));
        }

        return lines;
    }

    private static List<Line> ReadJsonLines(TextReader reader, string path)
    {
        var lines = new List<Line>();
        string? text;
        var number = 0;
        while ((text = reader.ReadLine()) is not null)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(text);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw NeuronException.InvalidArgument("data", $"{path} line {number}: not JSON ({e.Message})");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw NeuronException.InvalidArgument("data", $"{path} line {number}: must be a JSON object, not {root.ValueKind}");
            }

            lines.Add(new Line(
                Required(Text(root, "user_id") ?? Text(root, "user"), path, number, "user_id"),
                Required(Text(root, "item_id") ?? Text(root, "item"), path, number, "item_id"),
                Text(root, "type") is { Length: > 0 } t ? t : DefaultType,
                Text(root, "weight") is { } w ? Weight(w, path, number) : null,
                Text(root, "timestamp") is { } ts ? Timestamp(ts, path, number) : number));
        }

        return lines;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static int Column(string[] columns, string name, string alias)
    {
        var i = Array.IndexOf(columns, name);
        return i >= 0 ? i : Array.IndexOf(columns, alias);
    }

    private static string Required(string? value, string path, int line, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw NeuronException.InvalidArgument("data", $"{path} line {line}: {field} is empty") : value.Trim();

    private static float Weight(string text, string path, int line) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && float.IsFinite(w) && w > 0
            ? w
            : throw NeuronException.InvalidArgument("data", $"{path} line {line}: weight \"{text}\" must be a number above 0");

    /// <summary>Microseconds since the Unix epoch: from RFC 3339, or a number of seconds (up to 1e11), milliseconds (up to 1e14) or microseconds.</summary>
    private static long Timestamp(string text, string path, int line)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            // Up to the year 5138 in any of the three units; below 0 is before the Unix epoch.
            return n switch
            {
                < 0 => throw NeuronException.InvalidArgument("data", $"{path} line {line}: timestamp {n} is before 1970"),
                < 100_000_000_000 => n * 1_000_000,
                < 100_000_000_000_000 => n * 1000,
                < 100_000_000_000_000_000 => n,
                _ => throw NeuronException.InvalidArgument("data", $"{path} line {line}: timestamp {n} is too large for seconds, milliseconds or microseconds"),
            };
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond
            : throw NeuronException.InvalidArgument("data", $"{path} line {line}: timestamp \"{text}\" is neither RFC 3339 nor a number");
    }
}
