using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Server.Tenancy;
using ContractTemplate = NeuronEngine.Contracts.V1.Template;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.TemplateService over the registry; every rule is enforced by <see cref="ITemplateStore"/>.</summary>
internal sealed class TemplateServiceImpl(ITemplateStore store) : TemplateService.TemplateServiceBase
{
    public override Task<ContractTemplate> CreateTemplate(ContractTemplate request, ServerCallContext context) =>
        Task.FromResult(store.Create(context.GetWritableTenant(), request.ToSpec()).ToContract());

    public override Task<ContractTemplate> UpdateTemplate(ContractTemplate request, ServerCallContext context) =>
        Task.FromResult(store.Update(context.GetWritableTenant(), request.ToSpec()).ToContract());

    public override Task<ContractTemplate> GetTemplate(GetTemplateRequest request, ServerCallContext context) =>
        Task.FromResult(store.Get(context.GetTenant(), request.TemplateId).ToContract());

    public override Task<ListTemplatesResponse> ListTemplates(ListTemplatesRequest request, ServerCallContext context)
    {
        var response = new ListTemplatesResponse();
        response.Templates.Add(store.List(context.GetTenant(), request.Status.ToRegistry()).Select(t => t.ToContract()));
        return Task.FromResult(response);
    }

    public override Task<ContractTemplate> PublishTemplate(PublishTemplateRequest request, ServerCallContext context) =>
        Task.FromResult(store.Publish(context.GetWritableTenant(), request.TemplateId).ToContract());

    public override Task<DeleteTemplateResponse> DeleteTemplate(DeleteTemplateRequest request, ServerCallContext context)
    {
        store.Delete(context.GetWritableTenant(), request.TemplateId);
        return Task.FromResult(new DeleteTemplateResponse());
    }
}
