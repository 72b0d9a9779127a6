using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tracking;

/// <summary>A batch the tracker gave up on: the engine refused it, or it stayed unreachable through every retry.</summary>
public sealed class TrackFailedEventArgs(IReadOnlyList<Event> events, NeuronClientException error) : EventArgs
{
    /// <summary>The events of the batch, none of them stored by this request.</summary>
    public IReadOnlyList<Event> Events { get; } = events;

    /// <summary>Why: the status, the engine's message and the offending field.</summary>
    public NeuronClientException Error { get; } = error;
}
