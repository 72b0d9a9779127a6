using NeuronEngine.Contracts.V1;
using NeuronEngine.Server.Storage;

namespace NeuronEngine.Server.Ingest;

/// <summary>The Track path: validate at the boundary, append durably (deduplicating on the log's loop), count.</summary>
internal sealed class EventIngest(EngineStorage storage, TrackValidator validator, EventTypeCache types)
{
    /// <summary>Stores the request's events; returns once they are durable under the log's policy.</summary>
    /// <remarks>
    /// Not cancellable once validated: a batch handed to the log is written whole or not at all, and a client that
    /// gave up retries with the same event ids, which then count as duplicates.
    /// </remarks>
    public async Task<TrackResponse> TrackAsync(string tenant, TrackRequest request)
    {
        var batch = validator.Validate(tenant, request, types.GetWeights(tenant));
        var result = await storage.Log.AppendAsync(batch, CancellationToken.None);
        var accepted = result.Batch?.Events.Length ?? 0;
        return new TrackResponse { Accepted = accepted, Duplicates = batch.Events.Length - accepted };
    }
}
