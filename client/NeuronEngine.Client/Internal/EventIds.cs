using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Internal;

/// <summary>The <c>event_id</c> the SDK gives an event that has none, so that sending it again is deduplicated, not counted twice.</summary>
internal static class EventIds
{
    /// <summary>Sets a version 7 GUID as <paramref name="trackedEvent"/>'s id when it has none.</summary>
    public static void Assign(Event trackedEvent)
    {
        if (trackedEvent.EventId.Length == 0)
        {
            trackedEvent.EventId = Guid.CreateVersion7().ToString("N");
        }
    }

    /// <summary>Gives every event of <paramref name="request"/> that has none an id.</summary>
    public static void Assign(TrackRequest request)
    {
        foreach (var trackedEvent in request.Events)
        {
            Assign(trackedEvent);
        }
    }
}
