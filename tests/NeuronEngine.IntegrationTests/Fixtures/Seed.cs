using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Fixtures;

/// <summary>Small builders for test data.</summary>
public static class Seed
{
    /// <summary>Creates view (1), click (5) and purchase (50) for the clients' tenant.</summary>
    public static async Task EventTypesAsync(EngineClients c)
    {
        foreach (var (type, weight) in new[] { ("view", 1), ("click", 5), ("purchase", 50) })
        {
            await c.EventTypes.CreateEventTypeAsync(new EventType { Type = type, Name = type, Weight = weight }).Within();
        }
    }

    public static Event Event(string user, string item, string type = "click", string? id = null, DateTimeOffset? at = null, params string[] tags)
    {
        var e = new Event { UserId = user, ItemId = item, Type = type, EventId = id ?? "" };
        if (at is { } time)
        {
            e.Timestamp = Timestamp.FromDateTimeOffset(time);
        }

        e.Tags.Add(tags);
        return e;
    }

    public static TrackRequest Batch(params Event[] events)
    {
        var request = new TrackRequest();
        request.Events.Add(events);
        return request;
    }
}
