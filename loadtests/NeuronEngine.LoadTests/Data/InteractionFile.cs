using System.Globalization;

namespace NeuronEngine.LoadTests.Data;

/// <summary>
/// The interactions file format shared with the trainer's offline evaluator (loadtests/README.md, "The interactions
/// file"): CSV with the header <c>user_id,item_id,type,weight,timestamp</c>, no quoting, timestamps RFC 3339 UTC.
/// </summary>
internal static class InteractionFile
{
    public const string Header = "user_id,item_id,type,weight,timestamp";

    /// <summary>The type of events that name none.</summary>
    public const string DefaultType = "interaction";

    public const int MinWeight = 1;

    public const int MaxWeight = 100;

    /// <summary>Writes <paramref name="rows"/> of <paramref name="table"/> (all when null) as CSV.</summary>
    public static void WriteCsv(string path, InteractionTable table, Func<int, bool>? rows = null)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 20);
        writer.Write(Header);
        writer.Write('\n');
        Span<char> line = stackalloc char[1024];
        for (var row = 0; row < table.Count; row++)
        {
            if (rows is not null && !rows(row))
            {
                continue;
            }

            var type = table.Types[table.TypeOf(row)];
            writer.Write(table.Users[table.UserOf(row)]);
            writer.Write(',');
            writer.Write(table.Items[table.ItemOf(row)]);
            writer.Write(',');
            writer.Write(type.Type);
            writer.Write(',');
            var length = FormatTail(line, type.Weight, table.TimeOf(row));
            writer.Write(line[..length]);
        }
    }

    /// <summary>Formats <c>weight,timestamp\n</c> into <paramref name="line"/> and returns its length.</summary>
    public static int FormatTail(Span<char> line, int weight, DateTime utc)
    {
        weight.TryFormat(line, out var length, provider: CultureInfo.InvariantCulture);
        line[length++] = ',';
        length += FormatTimestamp(line[length..], utc);
        line[length++] = '\n';
        return length;
    }

    /// <summary>RFC 3339 UTC: <c>2025-03-01T12:00:05Z</c>, with a fraction only when there is one.</summary>
    public static int FormatTimestamp(Span<char> destination, DateTime utc)
    {
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";
        utc.TryFormat(destination, out var written, format, CultureInfo.InvariantCulture);
        return written;
    }
}
