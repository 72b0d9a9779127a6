using System.Text.Json.Serialization;

namespace NeuronEngine.Registry.Templates;

/// <summary>
/// A template as <see cref="RedisTemplateStore"/> keeps it: the hash field is the id, times are UTC ticks, the signals
/// are in the client's order; the other fields are <see cref="Template"/>'s.
/// </summary>
internal sealed record StoredTemplate(
    string Name,
    long MinTotalEvents,
    string TagFilter,
    TemplateStatus Status,
    long Created,
    long Updated,
    long? Published,
    IReadOnlyList<StoredSignal> Signals);

/// <summary>
/// One signal of a <see cref="StoredTemplate"/>: <c>Weight</c> is what the client set (null inherits the event type's),
/// <c>FrozenWeight</c> the effective weight Publish froze (null in a Draft).
/// </summary>
internal sealed record StoredSignal(string Type, int? Weight, int? FrozenWeight, long Threshold);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StoredTemplate))]
internal sealed partial class TemplateJsonContext : JsonSerializerContext;
