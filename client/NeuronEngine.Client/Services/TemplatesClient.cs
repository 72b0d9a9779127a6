using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Services;

/// <summary>Signal templates (<c>neuron.v1.TemplateService</c>).</summary>
public sealed class TemplatesClient
{
    private readonly TemplateService.TemplateServiceClient client;
    private readonly RpcCaller rpc;

    internal TemplatesClient(TemplateService.TemplateServiceClient client, RpcCaller rpc)
    {
        this.client = client;
        this.rpc = rpc;
    }

    /// <summary>Creates a Draft template (its id generated when empty).</summary>
    public Task<Template> CreateAsync(Template template, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.CreateTemplateAsync(template, rpc.Unary(deadline, ct)));

    /// <summary>Replaces a Draft's fields; a Published template is <c>FAILED_PRECONDITION</c>.</summary>
    public Task<Template> UpdateAsync(Template template, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.UpdateTemplateAsync(template, rpc.Unary(deadline, ct)));

    /// <summary>One template; <c>NOT_FOUND</c> when unknown.</summary>
    public Task<Template> GetAsync(string templateId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.GetTemplateAsync(new GetTemplateRequest { TemplateId = templateId }, rpc.Unary(deadline, ct)));

    /// <summary>The tenant's templates, optionally only those in one status.</summary>
    public async Task<IReadOnlyList<Template>> ListAsync(TemplateStatus status = default, TimeSpan? deadline = null, CancellationToken ct = default) =>
        (await RpcCaller.Await(client.ListTemplatesAsync(new ListTemplatesRequest { Status = status }, rpc.Unary(deadline, ct)))).Templates;

    /// <summary>Draft to Published, freezing the effective signal weights.</summary>
    public Task<Template> PublishAsync(string templateId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = templateId }, rpc.Unary(deadline, ct)));

    /// <summary>Deletes a template.</summary>
    public Task<DeleteTemplateResponse> DeleteAsync(string templateId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.DeleteTemplateAsync(new DeleteTemplateRequest { TemplateId = templateId }, rpc.Unary(deadline, ct)));
}
