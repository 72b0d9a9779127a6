using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Ingest;
using NeuronEngine.Server.Tenancy;
using ContractEventType = NeuronEngine.Contracts.V1.EventType;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.EventTypeService over <see cref="EventTypeAdministration"/>, which the web console shares.</summary>
internal sealed class EventTypeServiceImpl(EventTypeAdministration eventTypes) : EventTypeService.EventTypeServiceBase
{
    public override Task<ContractEventType> CreateEventType(ContractEventType request, ServerCallContext context) =>
        Task.FromResult(eventTypes.Create(context.GetWritableTenant(), request.Type, request.Name, request.Weight).ToContract());

    public override Task<ContractEventType> UpdateEventType(ContractEventType request, ServerCallContext context) =>
        Task.FromResult(eventTypes.Update(context.GetWritableTenant(), request.Type, request.Name, request.Weight).ToContract());

    public override Task<DeleteEventTypeResponse> DeleteEventType(DeleteEventTypeRequest request, ServerCallContext context)
    {
        eventTypes.Delete(context.GetWritableTenant(), request.Type);
        return Task.FromResult(new DeleteEventTypeResponse());
    }

    public override Task<ContractEventType> GetEventType(GetEventTypeRequest request, ServerCallContext context) =>
        Task.FromResult(eventTypes.Get(context.GetTenant(), request.Type).ToContract());

    public override Task<ListEventTypesResponse> ListEventTypes(ListEventTypesRequest request, ServerCallContext context)
    {
        var response = new ListEventTypesResponse();
        response.EventTypes.Add(eventTypes.List(context.GetTenant()).Select(t => t.ToContract()));
        return Task.FromResult(response);
    }
}
