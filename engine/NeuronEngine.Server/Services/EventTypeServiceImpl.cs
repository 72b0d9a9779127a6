using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Registry.EventTypes;
using NeuronEngine.Engine.Ingest;
using NeuronEngine.Server.Tenancy;
using ContractEventType = NeuronEngine.Contracts.V1.EventType;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.EventTypeService over the registry; every rule is enforced by <see cref="IEventTypeStore"/>.</summary>
internal sealed class EventTypeServiceImpl(IEventTypeStore store, EventTypeCache cache) : EventTypeService.EventTypeServiceBase
{
    public override Task<ContractEventType> CreateEventType(ContractEventType request, ServerCallContext context)
    {
        var tenant = context.GetWritableTenant();
        var created = store.Create(tenant, request.Type, request.Name, request.Weight);
        cache.Invalidate(tenant);
        return Task.FromResult(created.ToContract());
    }

    public override Task<ContractEventType> UpdateEventType(ContractEventType request, ServerCallContext context)
    {
        var tenant = context.GetWritableTenant();
        var updated = store.Update(tenant, request.Type, request.Name, request.Weight);
        cache.Invalidate(tenant);
        return Task.FromResult(updated.ToContract());
    }

    public override Task<DeleteEventTypeResponse> DeleteEventType(DeleteEventTypeRequest request, ServerCallContext context)
    {
        var tenant = context.GetWritableTenant();
        store.Delete(tenant, request.Type);
        cache.Invalidate(tenant);
        return Task.FromResult(new DeleteEventTypeResponse());
    }

    public override Task<ContractEventType> GetEventType(GetEventTypeRequest request, ServerCallContext context) =>
        Task.FromResult(store.Get(context.GetTenant(), request.Type).ToContract());

    public override Task<ListEventTypesResponse> ListEventTypes(ListEventTypesRequest request, ServerCallContext context)
    {
        var response = new ListEventTypesResponse();
        response.EventTypes.Add(store.List(context.GetTenant()).Select(t => t.ToContract()));
        return Task.FromResult(response);
    }
}
