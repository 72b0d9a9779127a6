using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeuronEngine.LoadTests.Data;

/// <summary>
/// Reads an interactions file: CSV with a header naming at least <c>user_id</c>, <c>item_id</c> and <c>timestamp</c>
/// (<c>type</c> and <c>weight</c> optional, other columns ignored), or JSON Lines (one object per line with the same
/// fields; the file's first non-blank character is <c>{</c>). A bad line stops the read with an
/// <see cref="InvalidDataException"/> naming the file, the line and the field.
/// </summary>
/// <remarks>
/// An event without a type gets the type <c>interaction</c>. A type's weight is the most common weight its events
/// carry (ties to the smaller), or 1 when none carries one; the engine weighs by type, so events whose weight differs
/// from their type's are counted in <see cref="Result.OffTypeWeights"/>.
/// </remarks>
internal static class InteractionReader
{
    private const int MaxIdBytes = 256;

    /// <summary>The table and how many events carried a weight other than their type's.</summary>
    public sealed record Result(InteractionTable Table, long OffTypeWeights);

    public static Result Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        return Read(reader, Path.GetFileName(path));
    }

    public static Result Read(TextReader reader, string name)
    {
        var table = new InteractionTable();
        var weights = new List<Dictionary<int, long>>();
        var eventWeights = new List<int>();
        var first = reader.ReadLine();
        var lineNumber = 1;
        while (first is not null && string.IsNullOrWhiteSpace(first))
        {
            first = reader.ReadLine();
            lineNumber++;
        }

        if (first is null)
        {
            throw new InvalidDataException($"{name}: the file is empty (expected the CSV header \"{InteractionFile.Header}\" or JSON Lines)");
        }

        void Add(int line, string user, string item, string? type, int? weight, DateTime utc)
        {
            var typeIndex = table.AddType(string.IsNullOrEmpty(type) ? InteractionFile.DefaultType : type, 1);
            if (typeIndex == weights.Count)
            {
                weights.Add([]);
            }

            if (weight is { } w && !string.IsNullOrEmpty(type))
            {
                weights[typeIndex][w] = weights[typeIndex].GetValueOrDefault(w) + 1;
            }

            eventWeights.Add(string.IsNullOrEmpty(type) ? 1 : weight ?? 0);
            table.Add(user, item, typeIndex, utc);
        }

        if (first.TrimStart().StartsWith('{'))
        {
            for (var line = first; line is not null; line = reader.ReadLine(), lineNumber++)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    ParseJson(name, lineNumber, line, Add);
                }
            }
        }
        else
        {
            var columns = Columns.FromHeader(name, first);
            lineNumber++;
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine(), lineNumber++)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    ParseCsv(name, lineNumber, line, columns, Add);
                }
            }
        }

        for (var t = 0; t < table.Types.Count; t++)
        {
            var counts = weights[t];
            if (counts.Count > 0)
            {
                table.SetTypeWeight(t, counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key);
            }
        }

        long offType = 0;
        for (var row = 0; row < table.Count; row++)
        {
            var w = eventWeights[row];
            if (w != 0 && w != table.Types[table.TypeOf(row)].Weight)
            {
                offType++;
            }
        }

        return new Result(table, offType);
    }

    private static void ParseCsv(string name, int lineNumber, string line, Columns columns, Action<int, string, string, string?, int?, DateTime> add)
    {
        var fields = line.Split(',');
        if (fields.Length != columns.Count)
        {
            throw Bad(name, lineNumber, "line", $"has {fields.Length} fields, the header {columns.Count} (ids must not contain commas)", line);
        }

        var user = Id(name, lineNumber, "user_id", fields[columns.User]);
        var item = Id(name, lineNumber, "item_id", fields[columns.Item]);
        var type = columns.Type >= 0 ? fields[columns.Type].Trim() : null;
        int? weight = columns.Weight >= 0 && fields[columns.Weight].Trim().Length > 0 ? Weight(name, lineNumber, fields[columns.Weight].Trim()) : null;
        add(lineNumber, user, item, type, weight, Timestamp(name, lineNumber, fields[columns.Timestamp].Trim()));
    }

    private static void ParseJson(string name, int lineNumber, string line, Action<int, string, string, string?, int?, DateTime> add)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw Bad(name, lineNumber, "line", $"is not JSON ({ex.Message})", line);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(name, lineNumber, "line", "is not a JSON object", line);
            }

            var user = Id(name, lineNumber, "user_id", JsonText(name, lineNumber, root, "user_id", required: true)!);
            var item = Id(name, lineNumber, "item_id", JsonText(name, lineNumber, root, "item_id", required: true)!);
            var type = JsonText(name, lineNumber, root, "type", required: false);
            int? weight = null;
            if (root.TryGetProperty("weight", out var w) && w.ValueKind != JsonValueKind.Null)
            {
                weight = w.ValueKind == JsonValueKind.Number && w.TryGetInt32(out var value) && value is >= InteractionFile.MinWeight and <= InteractionFile.MaxWeight
                    ? value
                    : throw Bad(name, lineNumber, "weight", $"must be an integer {InteractionFile.MinWeight}-{InteractionFile.MaxWeight}", w.GetRawText());
            }

            if (!root.TryGetProperty("timestamp", out var t) || t.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                throw Bad(name, lineNumber, "timestamp", "is missing (RFC 3339 string or Unix seconds)", line);
            }

            var utc = t.ValueKind == JsonValueKind.Number
                ? (t.TryGetInt64(out var seconds) && seconds is >= 0 and < 253_402_300_800
                    ? DateTime.UnixEpoch.AddSeconds(seconds)
                    : throw Bad(name, lineNumber, "timestamp", "must be whole Unix seconds", t.GetRawText()))
                : Timestamp(name, lineNumber, t.GetString()!);
            add(lineNumber, user, item, type, weight, utc);
        }
    }

    private static string? JsonText(string name, int lineNumber, JsonElement root, string field, bool required)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Bad(name, lineNumber, field, "is missing", root.GetRawText()) : null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw Bad(name, lineNumber, field, "must be a string", value.GetRawText()),
        };
    }

    private static string Id(string name, int lineNumber, string field, string value)
    {
        var id = value.Trim();
        if (id.Length == 0)
        {
            throw Bad(name, lineNumber, field, "is empty", value);
        }

        if (Encoding.UTF8.GetByteCount(id) > MaxIdBytes || id.Contains('"', StringComparison.Ordinal))
        {
            throw Bad(name, lineNumber, field, $"must be 1-{MaxIdBytes} bytes of UTF-8 without quotes", value);
        }

        return id;
    }

    private static int Weight(string name, int lineNumber, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight) && weight is >= InteractionFile.MinWeight and <= InteractionFile.MaxWeight
            ? weight
            : throw Bad(name, lineNumber, "weight", $"must be an integer {InteractionFile.MinWeight}-{InteractionFile.MaxWeight}", value);

    private static DateTime Timestamp(string name, int lineNumber, string value) =>
        value.Length > 0 && char.IsAsciiDigit(value[0])
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime
            : throw Bad(name, lineNumber, "timestamp", "must be an RFC 3339 time such as 2025-03-01T12:00:05Z", value);

    private static InvalidDataException Bad(string name, int lineNumber, string field, string problem, string value) =>
        new($"{name}: line {lineNumber}: {field} {problem}: \"{(value.Length > 120 ? value[..120] + "…" : value)}\"");

    private sealed record Columns(int Count, int User, int Item, int Type, int Weight, int Timestamp)
    {
        public static Columns FromHeader(string name, string header)
        {
            var names = header.Split(',').Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
            int Find(string column, bool required)
            {
                var index = names.IndexOf(column);
                return index >= 0 || !required
                    ? index
                    : throw new InvalidDataException($"{name}: line 1: header has no {column} column (expected \"{InteractionFile.Header}\"; type and weight are optional): \"{header}\"");
            }

            return new Columns(names.Count, Find("user_id", true), Find("item_id", true), Find("type", false), Find("weight", false), Find("timestamp", true));
        }
    }
}
