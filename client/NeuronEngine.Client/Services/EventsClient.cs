using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Services;

/// <summary>
/// Direct event calls (<c>neuron.v1.EventService</c>). For steady ingest use <see cref="NeuronClient.CreateTracker"/>, which
/// batches, streams and retries.
/// </summary>
public sealed class EventsClient
{
    private readonly EventService.EventServiceClient client;
    private readonly RpcCaller rpc;

    internal EventsClient(EventService.EventServiceClient client, RpcCaller rpc)
    {
        this.client = client;
        this.rpc = rpc;
    }

    /// <summary>
    /// Appends 1-1000 events, all or nothing; returns once they are durable. An event without an <c>event_id</c> gets one
    /// (a version 7 GUID, set in <paramref name="request"/>): the call is sent again when the engine is unavailable, and the
    /// id makes the engine count a batch that did arrive the first time as duplicates, not twice.
    /// </summary>
    public Task<TrackResponse> TrackAsync(TrackRequest request, TimeSpan? deadline = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EventIds.Assign(request);
        return RpcCaller.Await(client.TrackAsync(request, rpc.Unary(deadline, ct)));
    }

    /// <summary>Appends 1-1000 events, all or nothing; an event without an <c>event_id</c> gets one.</summary>
    public Task<TrackResponse> TrackAsync(IEnumerable<Event> events, CancellationToken ct = default) =>
        TrackAsync(new TrackRequest { Events = { events } }, null, ct);

    /// <summary>Per-type counts, totals and distinct users and items; with a template, each signal against its threshold.</summary>
    public Task<EventStats> GetStatsAsync(string? templateId = null, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.GetEventStatsAsync(new GetEventStatsRequest { TemplateId = templateId ?? "" }, rpc.Unary(deadline, ct)));
}
