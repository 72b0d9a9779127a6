using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Storage;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Ingest;

/// <summary>The Track path: validate at the boundary, append durably (deduplicating on the log's loop), count.</summary>
internal sealed class EventIngest(EngineStorage storage, TrackValidator validator, EventTypeCache types, TenantRateLimits limits)
{
    public const string SpanName = "neuron.track";

    /// <summary>Stores the request's events; returns once they are durable under the log's policy.</summary>
    /// <remarks>
    /// Not cancellable once validated: a batch handed to the log is written whole or not at all, and a client that
    /// gave up retries with the same event ids, which then count as duplicates.
    /// </remarks>
    public async Task<TrackResponse> TrackAsync(string tenant, TrackRequest request)
    {
        // One span per batch: a Track call, or one request of a TrackStream.
        using var activity = EngineTelemetry.Source.StartActivity(SpanName);
        activity?.SetTag("neuron.tenant", tenant);
        var batch = validator.Validate(tenant, request, await types.GetWeightsAsync(tenant));
        limits.TakeEvents(tenant, batch.Events.Length);
        var kept = await storage.AppendAsync(batch);
        var accepted = kept?.Events.Length ?? 0;
        activity?.SetTag("neuron.track.events", batch.Events.Length);
        activity?.SetTag("neuron.track.duplicates", batch.Events.Length - accepted);
        return new TrackResponse { Accepted = accepted, Duplicates = batch.Events.Length - accepted };
    }
}
