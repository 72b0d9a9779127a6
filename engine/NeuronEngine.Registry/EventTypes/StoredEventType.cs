using System.Text.Json.Serialization;

namespace NeuronEngine.Registry.EventTypes;

/// <summary>An event type as <see cref="RedisEventTypeStore"/> keeps it: the hash field is the type; times are UTC ticks.</summary>
internal sealed record StoredEventType(string Name, int Weight, long Created, long Updated)
{
    public static StoredEventType From(EventType type) => new(type.Name, type.Weight, type.Created.UtcTicks, type.Updated.UtcTicks);

    public EventType ToEventType(string type) =>
        new(type, Name, Weight, new DateTimeOffset(Created, TimeSpan.Zero), new DateTimeOffset(Updated, TimeSpan.Zero));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StoredEventType))]
internal sealed partial class EventTypeJsonContext : JsonSerializerContext;
