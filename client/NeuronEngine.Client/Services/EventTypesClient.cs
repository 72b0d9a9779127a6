using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Services;

/// <summary>The tenant's event types (<c>neuron.v1.EventTypeService</c>). Every call takes an optional deadline, else the default one.</summary>
public sealed class EventTypesClient
{
    private readonly EventTypeService.EventTypeServiceClient client;
    private readonly RpcCaller rpc;

    internal EventTypesClient(EventTypeService.EventTypeServiceClient client, RpcCaller rpc)
    {
        this.client = client;
        this.rpc = rpc;
    }

    /// <summary>Creates an event type; <c>ALREADY_EXISTS</c> when the type is taken.</summary>
    public Task<EventType> CreateAsync(EventType eventType, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.CreateEventTypeAsync(eventType, rpc.Unary(deadline, ct)));

    /// <summary>Creates an event type from its parts.</summary>
    public Task<EventType> CreateAsync(string type, string name, int weight, CancellationToken ct = default) =>
        CreateAsync(new EventType { Type = type, Name = name, Weight = weight }, null, ct);

    /// <summary>Changes an event type's name and weight.</summary>
    public Task<EventType> UpdateAsync(EventType eventType, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.UpdateEventTypeAsync(eventType, rpc.Unary(deadline, ct)));

    /// <summary>Deletes an event type no Published template uses.</summary>
    public Task<DeleteEventTypeResponse> DeleteAsync(string type, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.DeleteEventTypeAsync(new DeleteEventTypeRequest { Type = type }, rpc.Unary(deadline, ct)));

    /// <summary>One event type; <c>NOT_FOUND</c> when unknown.</summary>
    public Task<EventType> GetAsync(string type, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.GetEventTypeAsync(new GetEventTypeRequest { Type = type }, rpc.Unary(deadline, ct)));

    /// <summary>Every event type of the tenant, ordered by type.</summary>
    public async Task<IReadOnlyList<EventType>> ListAsync(TimeSpan? deadline = null, CancellationToken ct = default) =>
        (await RpcCaller.Await(client.ListEventTypesAsync(new ListEventTypesRequest(), rpc.Unary(deadline, ct)))).EventTypes;
}
