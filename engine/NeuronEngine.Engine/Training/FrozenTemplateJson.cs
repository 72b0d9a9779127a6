using System.Text;
using System.Text.Json;
using RegistryTemplate = NeuronEngine.Registry.Templates.Template;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// The template a run trains on, frozen into the run as JSON the trainer parses:
/// <c>{"template_id", "name", "signals": [{"type", "weight", "threshold"}], "min_total_events", "tag_filter"}</c>,
/// with <c>tag_filter</c> null when the template has none.
/// </summary>
internal static class FrozenTemplateJson
{
    /// <summary>Writes a Published template (whose weights Publish froze).</summary>
    public static string Write(RegistryTemplate template)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("template_id", template.TemplateId);
            writer.WriteString("name", template.Name);
            writer.WriteStartArray("signals");
            foreach (var signal in template.Signals)
            {
                writer.WriteStartObject();
                writer.WriteString("type", signal.Type);
                writer.WriteNumber("weight", signal.Weight ?? throw new InvalidOperationException($"template {template.TemplateId} signal {signal.Type} has no weight"));
                writer.WriteNumber("threshold", signal.Threshold);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("min_total_events", template.MinTotalEvents);
            if (template.TagFilter.Length == 0)
            {
                writer.WriteNull("tag_filter");
            }
            else
            {
                writer.WriteString("tag_filter", template.TagFilter);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
