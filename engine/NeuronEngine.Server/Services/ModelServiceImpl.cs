using Grpc.Core;
using NeuronEngine.Contracts.V1;
using Endpoint = NeuronEngine.Contracts.V1.Endpoint;
using NeuronEngine.Core;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.ModelService: families, versions, approval, bring-your-own registration, promotion and the production banner.</summary>
internal sealed class ModelServiceImpl(
    IModelStore store,
    ModelLoader loader,
    ArtifactStore artifacts,
    Promoter promoter,
    EndpointChanges changes,
    IEndpointStatus status,
    UploadSlots uploads,
    IHostApplicationLifetime lifetime) : ModelService.ModelServiceBase
{
    public override Task<ListFamiliesResponse> ListFamilies(ListFamiliesRequest request, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        var response = new ListFamiliesResponse();
        response.Families.Add(store.ListFamilies(tenant).Select(f => f.ToContract()));
        return Task.FromResult(response);
    }

    public override Task<ListVersionsResponse> ListVersions(ListVersionsRequest request, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        var page = store.ListVersions(tenant, FamilyRef.Parse(tenant, request.Family), request.HasPageSize ? request.PageSize : null, request.PageToken);
        var response = new ListVersionsResponse { NextPageToken = page.NextPageToken };
        response.Versions.Add(page.Items.Select(v => v.ToContract()));
        return Task.FromResult(response);
    }

    public override Task<Contracts.V1.ModelVersion> GetVersion(GetVersionRequest request, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        return Task.FromResult(store.GetVersion(tenant, FamilyRef.Parse(tenant, request.Family), request.Version).ToContract());
    }

    public override Task<Contracts.V1.ModelVersion> UpdateVersion(UpdateVersionRequest request, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        var updated = store.UpdateVersion(tenant, FamilyRef.Parse(tenant, request.Family), request.Version,
            request.HasLabel ? request.Label : null, request.HasDescription ? request.Description : null);
        return Task.FromResult(updated.ToContract());
    }

    public override Task<Contracts.V1.ModelVersion> ApproveVersion(ApproveVersionRequest request, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        return Task.FromResult(store.ApproveVersion(tenant, FamilyRef.Parse(tenant, request.Family), request.Version, context.GetActor()).ToContract());
    }

    /// <summary>
    /// The first message is the header, the rest are chunks of a zip archive. The archive is staged, its contract
    /// checked in full (including loading it in ONNX Runtime), and only then registered PENDING and moved into place.
    /// </summary>
    public override async Task<Contracts.V1.ModelVersion> RegisterVersion(IAsyncStreamReader<RegisterVersionRequest> requestStream, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        var header = await UploadStream.ReadHeaderAsync(requestStream, static r => r.PartCase == RegisterVersionRequest.PartOneofCase.Header ? r.Header : null, context.CancellationToken);
        if (header.Format is not ("" or "zip"))
        {
            throw NeuronException.InvalidArgument("header.format", $"must be zip (got \"{header.Format}\")");
        }

        // Cheap checks before the upload is staged and loaded: only a family's owner registers versions in it.
        var family = FamilyRef.Parse(tenant, header.Family);
        if (family.OwnerTenant != tenant)
        {
            throw NeuronException.PermissionDenied("header.family", $"only the \"{family.OwnerTenant}\" tenant registers versions of {family}");
        }

        store.RequireVersionRoom(family);
        using var upload = uploads.Take(tenant);

        var (staging, bytes) = await artifacts.StageAsync(
            UploadStream.ChunksAsync(requestStream, static r => r.PartCase == RegisterVersionRequest.PartOneofCase.Chunk ? r.Chunk : null, context.CancellationToken),
            context.CancellationToken);
        try
        {
            var manifest = await loader.CheckAsync(staging, context.CancellationToken);

            // Cluster mode: stored in Redis before it is registered, so every replica can load what is registered.
            var artifactId = await artifacts.PublishAsync(staging, context.CancellationToken);
            var registration = new VersionRegistration(
                NullIfEmpty(header.Name), NullIfEmpty(header.Label), NullIfEmpty(header.Description), NullIfEmpty(header.RunId), NullIfEmpty(header.TemplateId),
                manifest.Metrics, await File.ReadAllTextAsync(Path.Combine(staging, Models.Contract.ModelContract.ManifestFile), context.CancellationToken), bytes,
                artifactId);
            var registered = store.RegisterVersion(tenant, header.Family, registration,
                version => artifacts.Place(staging, ModelStore.ArtifactPathFor(family, version)));
            return registered.ToContract();
        }
        finally
        {
            ArtifactStore.Discard(staging);
        }
    }

    public override async Task<Endpoint> Promote(PromoteRequest request, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        var endpoint = await promoter.PromoteAsync(tenant, NullIfEmpty(request.Endpoint), FamilyRef.Parse(tenant, request.Family), request.Version, context.GetActor(), context.CancellationToken);
        return (await status.ResolveAsync(tenant, endpoint)).ToContract();
    }

    public override async Task<Endpoint> GetEndpoint(GetEndpointRequest request, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        return await CurrentAsync(tenant, NullIfEmpty(request.Endpoint));
    }

    /// <summary>The endpoint now, then again after every change, until the client cancels or the engine stops.</summary>
    /// <remarks>
    /// Each wait is armed before the endpoint is read, so a change between the read and the wait is not missed. A wake-up
    /// that changed nothing the caller sees (cluster mode wakes on every replica's serving change) sends nothing.
    /// </remarks>
    public override async Task WatchEndpoint(GetEndpointRequest request, IServerStreamWriter<Endpoint> responseStream, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        var name = store.GetEndpoint(tenant, NullIfEmpty(request.Endpoint)).Name;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);

        // One wait for the whole stream: a wait per change would stay registered with the token until the stream ends.
        var stopped = Task.Delay(Timeout.Infinite, stop.Token);
        Endpoint? sent = null;
        while (true)
        {
            var next = changes.NextChange(tenant, name);
            var current = await CurrentAsync(tenant, name);
            if (!current.Equals(sent))
            {
                await responseStream.WriteAsync(current, context.CancellationToken);
                sent = current;
            }

            if (await Task.WhenAny(next, stopped) != next)
            {
                break;
            }
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw NeuronException.Unavailable("the engine is shutting down; watch again after it restarts");
        }
    }

    public override Task<ListPromotionsResponse> ListPromotions(ListPromotionsRequest request, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        var response = new ListPromotionsResponse();
        response.Promotions.Add(store.ListPromotions(tenant, NullIfEmpty(request.Endpoint)).Select(p => p.ToContract()));
        return Task.FromResult(response);
    }

    /// <summary>The endpoint as callers see it: the registry's record, across the cluster's replicas in cluster mode.</summary>
    private async Task<Endpoint> CurrentAsync(string tenant, string? endpoint) =>
        (await status.ResolveAsync(tenant, store.GetEndpoint(tenant, endpoint))).ToContract();

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
