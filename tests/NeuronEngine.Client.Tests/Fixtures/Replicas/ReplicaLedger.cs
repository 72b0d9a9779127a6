using System.Collections.Concurrent;

namespace NeuronEngine.Client.Tests.Fixtures.Replicas;

/// <summary>
/// The event ids a set of <see cref="ReplicaServer"/>s stored, shared by all of them as the engines of a cluster share
/// their deduplication: an id stored once is a duplicate on every replica.
/// </summary>
public sealed class ReplicaLedger
{
    private readonly ConcurrentDictionary<string, string> stored = new(StringComparer.Ordinal);

    /// <summary>Each id stored, with the replica that stored it.</summary>
    public IReadOnlyDictionary<string, string> Stored => stored;

    /// <summary>True when <paramref name="eventId"/> is new (now stored by <paramref name="replica"/>), false for a duplicate.</summary>
    public bool TryStore(string eventId, string replica) => stored.TryAdd(eventId, replica);
}
