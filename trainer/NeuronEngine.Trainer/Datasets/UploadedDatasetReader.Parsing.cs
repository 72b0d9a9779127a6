using System.Globalization;
using System.Text.Json;
using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Datasets;

internal static partial class UploadedDatasetReader
{
    private static (string User, string Item, string Type, long TimestampMicros) ParseLine(string line, string field)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
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

            return (user, item, type, Timestamp(root, field));
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
