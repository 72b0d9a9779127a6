using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Input;

/// <summary>Turns a row of an event file into an <see cref="Event"/>.</summary>
internal static class EventRow
{
    /// <summary>Columns every event file has.</summary>
    public static readonly string[] Required = ["user_id", "item_id", "type"];

    /// <summary>Every column an event file may have.</summary>
    public static readonly IReadOnlySet<string> Columns = new HashSet<string>(StringComparer.Ordinal)
    {
        "user_id", "item_id", "type", "timestamp", "event_id", "tags",
    };

    /// <summary>
    /// The event of <paramref name="row"/>. Without an <c>event_id</c> column the id is derived from the file name, line
    /// number and line text, so importing the same file again (after an interruption) is deduplicated by the engine.
    /// </summary>
    public static Event Parse(Row row, string fileName)
    {
        var fields = row.Fields!;
        var e = new Event
        {
            UserId = fields.Required("user_id"),
            ItemId = fields.Required("item_id"),
            Type = fields.Required("type"),
            EventId = fields.Text("event_id") ?? DeriveId(fileName, row.Line, row.Text),
        };
        if (fields.Text("timestamp") is { } timestamp)
        {
            e.Timestamp = Timestamp.FromDateTimeOffset(ParseTime(timestamp));
        }

        if (fields.List("tags") is { } tags)
        {
            e.Tags.Add(tags);
        }

        return e;
    }

    /// <summary><c>imp-</c> and 32 hex digits of SHA-256 over file name, line number and line text.</summary>
    public static string DeriveId(string fileName, long line, string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{fileName}\n{line.ToString(CultureInfo.InvariantCulture)}\n{text}"));
        return "imp-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>ISO 8601 (UTC unless it names an offset) or Unix seconds.</summary>
    public static DateTimeOffset ParseTime(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds is >= 0 and < 253_402_300_800
                ? DateTimeOffset.UnixEpoch.AddSeconds(seconds)
                : throw new RowException($"timestamp: {text} is out of range (Unix seconds from 1970)");
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new RowException($"timestamp: \"{text}\" is not an ISO 8601 time or Unix seconds");
    }
}
