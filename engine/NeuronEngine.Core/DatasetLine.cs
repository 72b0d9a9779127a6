using System.Globalization;
using System.Text.Json;

namespace NeuronEngine.Core;

/// <summary>
/// One line of an uploaded JSON Lines dataset, the format the engine accepts on upload and the trainer reads:
/// <c>{"user_id": "u1", "item_id": "i9", "type": "click", "timestamp": "2025-01-02T03:04:05Z"}</c>. The timestamp
/// is an RFC 3339 string or an integer count of microseconds since the Unix epoch (the event log's unit).
/// </summary>
/// <param name="UserId">The user, an id by <see cref="FieldRules.ValidateId(string?)"/>.</param>
/// <param name="ItemId">The item, an id by <see cref="FieldRules.ValidateId(string?)"/>.</param>
/// <param name="Type">The event type, not empty.</param>
/// <param name="TimestampMicros">Microseconds since the Unix epoch (UTC).</param>
public readonly record struct DatasetLine(string UserId, string ItemId, string Type, long TimestampMicros)
{
    /// <summary>Parses one non-blank line.</summary>
    /// <param name="line">The line's text.</param>
    /// <param name="field">How errors name the line, e.g. <c>train line 12</c>.</param>
    /// <exception cref="NeuronException">InvalidArgument naming <paramref name="field"/> and the broken rule.</exception>
    public static DatasetLine Parse(string line, string field)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw NeuronException.InvalidArgument(field, $"not valid JSON ({ex.Message})");
        }
        catch (ArgumentException ex)
        {
            // A lone surrogate cannot be transcoded to UTF-8: the text is not a JSON text at all.
            throw NeuronException.InvalidArgument(field, $"not valid JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw NeuronException.InvalidArgument(field, "must be a JSON object");
            }

            var user = Id(root, "user_id", field);
            var item = Id(root, "item_id", field);
            var type = Text(root, "type", field);
            if (type.Length == 0)
            {
                throw NeuronException.InvalidArgument($"{field}.type", "must not be empty");
            }

            return new DatasetLine(user, item, type, Timestamp(root, field));
        }
    }

    private static string Id(JsonElement root, string name, string field)
    {
        var value = Text(root, name, field);
        return FieldRules.ValidateId(value) is { } rule ? throw NeuronException.InvalidArgument($"{field}.{name}", rule) : value;
    }

    private static string Text(JsonElement root, string name, string field) =>
        !root.TryGetProperty(name, out var value) ? throw NeuronException.InvalidArgument(field, $"\"{name}\" is missing")
        : value.ValueKind != JsonValueKind.String ? throw NeuronException.InvalidArgument($"{field}.{name}", "must be a string")
        : value.GetString()!;

    private static long Timestamp(JsonElement root, string field)
    {
        if (!root.TryGetProperty("timestamp", out var value))
        {
            throw NeuronException.InvalidArgument(field, "\"timestamp\" is missing");
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var micros))
        {
            return micros;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        }

        throw NeuronException.InvalidArgument($"{field}.timestamp", "must be an RFC 3339 string or integer microseconds since the Unix epoch");
    }
}
