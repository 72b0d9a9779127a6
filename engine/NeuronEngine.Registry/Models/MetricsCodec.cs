using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Models;

/// <summary>Stores a version's metrics as one JSON object of numbers, keys in ordinal order.</summary>
internal static class MetricsCodec
{
    public static string Encode(IReadOnlyDictionary<string, double>? metrics)
    {
        if (metrics is null || metrics.Count == 0)
        {
            return "{}";
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(name, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Decodes a stored object; a malformed one means the file was damaged or edited outside the engine.</summary>
    public static IReadOnlyDictionary<string, double> Decode(string json, VersionRef version)
    {
        if (json == "{}")
        {
            return ReadOnlyDictionary<string, double>.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var result = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.GetDouble();
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw NeuronException.DataLoss(
                string.Create(CultureInfo.InvariantCulture, $"model version {version} has unreadable metrics in the registry database"), ex);
        }
    }
}
