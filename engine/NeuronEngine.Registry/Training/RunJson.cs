using System.Collections.ObjectModel;
using System.Text.Json;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

/// <summary>Stores a run's rubric and metrics as JSON text; a value that does not decode was damaged outside the engine.</summary>
internal static class RunJson
{
    public static string EncodeMetrics(IReadOnlyDictionary<string, double>? metrics) => MetricsCodec.Encode(metrics);

    public static IReadOnlyDictionary<string, double> DecodeMetrics(string json, string runId)
    {
        if (json == "{}")
        {
            return ReadOnlyDictionary<string, double>.Empty;
        }

        return Decode(json, runId, "metrics", root =>
        {
            var result = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                result[property.Name] = property.Value.GetDouble();
            }

            return (IReadOnlyDictionary<string, double>)result;
        });
    }

    public static string EncodeRubric(RunRubric rubric)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("primary_metric", rubric.PrimaryMetric);
            writer.WriteNumber("patience", rubric.Patience);
            writer.WriteStartArray("gates");
            foreach (var gate in rubric.Gates)
            {
                writer.WriteStartObject();
                writer.WriteString("name", gate.Name);
                writer.WriteNumber("min_value", gate.MinValue);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static RunRubric DecodeRubric(string json, string runId) => Decode(json, runId, "rubric", root => new RunRubric(
        root.GetProperty("primary_metric").GetString()!,
        [.. root.GetProperty("gates").EnumerateArray().Select(g => new RubricGate(g.GetProperty("name").GetString()!, g.GetProperty("min_value").GetDouble()))],
        root.GetProperty("patience").GetInt32()));

    private static T Decode<T>(string json, string runId, string what, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw NeuronException.DataLoss($"run {runId} has unreadable {what} in the registry database", ex);
        }
    }
}
