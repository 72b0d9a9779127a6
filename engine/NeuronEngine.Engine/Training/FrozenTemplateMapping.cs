using Google.Protobuf;
using NeuronEngine.Contracts.V1;
using RegistryTemplate = NeuronEngine.Registry.Templates.Template;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// The template a run trains on, as the <see cref="FrozenTemplate"/> message: built from the Published template when
/// the run starts, stored with the run as the message's JSON (the registry keeps it as an opaque string), and read back
/// into the lease the trainer takes.
/// </summary>
/// <remarks>
/// The stored form keeps the proto field names, so runs stored by older engines (hand-written
/// <c>{"template_id", "name", "signals": [{"type", "weight", "threshold"}], "min_total_events", "tag_filter"}</c>, with
/// integers as numbers and <c>tag_filter</c> null when unset) read the same way.
/// </remarks>
internal static class FrozenTemplateMapping
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    // Unknown fields are skipped, so an engine can still read runs a newer engine stored.
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The message for a Published template (whose weights Publish froze).</summary>
    public static FrozenTemplate FromPublished(RegistryTemplate template)
    {
        var frozen = new FrozenTemplate
        {
            TemplateId = template.TemplateId,
            Name = template.Name,
            MinTotalEvents = template.MinTotalEvents,
            TagFilter = template.TagFilter,
        };
        foreach (var signal in template.Signals)
        {
            frozen.Signals.Add(new FrozenSignal
            {
                Type = signal.Type,
                Weight = signal.Weight ?? throw new InvalidOperationException($"template {template.TemplateId} signal {signal.Type} has no weight"),
                Threshold = signal.Threshold,
            });
        }

        return frozen;
    }

    /// <summary>The form stored with the run: the message as JSON with proto field names and every field written.</summary>
    public static string ToStored(FrozenTemplate template) => Formatter.Format(template);

    /// <summary>The message from a run's stored form (this engine's or an older one's), or null when it cannot be read.</summary>
    /// <remarks>A lease without a template makes the trainer fail the run saying so, rather than the lease call failing.</remarks>
    public static FrozenTemplate? FromStored(string stored)
    {
        try
        {
            return Parser.Parse<FrozenTemplate>(stored);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
        catch (InvalidJsonException)
        {
            return null;
        }
    }
}
