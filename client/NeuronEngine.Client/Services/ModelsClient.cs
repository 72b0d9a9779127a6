using Google.Protobuf;
using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Services;

/// <summary>Model families, versions, endpoints and promotions (<c>neuron.v1.ModelService</c>).</summary>
public sealed class ModelsClient
{
    private readonly ModelService.ModelServiceClient client;
    private readonly RpcCaller rpc;

    internal ModelsClient(ModelService.ModelServiceClient client, RpcCaller rpc)
    {
        this.client = client;
        this.rpc = rpc;
    }

    /// <summary>The tenant's families and the shared base families.</summary>
    public async Task<IReadOnlyList<Family>> ListFamiliesAsync(TimeSpan? deadline = null, CancellationToken ct = default) =>
        (await RpcCaller.Await(client.ListFamiliesAsync(new ListFamiliesRequest(), rpc.Unary(deadline, ct)))).Families;

    /// <summary>Every version of a family, newest first, page by page (each page with its own deadline).</summary>
    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string family, TimeSpan? deadline = null, CancellationToken ct = default)
    {
        return await Paging.AllAsync(
            token => ListVersionsPageAsync(new ListVersionsRequest { Family = family, PageToken = token }, deadline, ct),
            static page => page.Versions,
            static page => page.NextPageToken);
    }

    /// <summary>One page of a family's versions, newest first; pass <c>NextPageToken</c> back until it is empty.</summary>
    public Task<ListVersionsResponse> ListVersionsPageAsync(ListVersionsRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.ListVersionsAsync(request, rpc.Unary(deadline, ct)));

    /// <summary>One version of a family.</summary>
    public Task<ModelVersion> GetVersionAsync(string family, int version, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.GetVersionAsync(new GetVersionRequest { Family = family, Version = version }, rpc.Unary(deadline, ct)));

    /// <summary>Changes a version's label or description (only the fields set).</summary>
    public Task<ModelVersion> UpdateVersionAsync(UpdateVersionRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.UpdateVersionAsync(request, rpc.Unary(deadline, ct)));

    /// <summary>Pending to Approved, audited with the name of the calling API key.</summary>
    public Task<ModelVersion> ApproveVersionAsync(string family, int version, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.ApproveVersionAsync(new ApproveVersionRequest { Family = family, Version = version }, rpc.Unary(deadline, ct)));

    /// <summary>Registers a model from a zip read from <paramref name="artifactZip"/>; no deadline unless given one.</summary>
    public Task<ModelVersion> RegisterVersionAsync(RegisterVersionHeader header, Stream artifactZip, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Upload(
            client.RegisterVersion(rpc.Long(deadline, ct)),
            new RegisterVersionRequest { Header = header },
            artifactZip,
            chunk => new RegisterVersionRequest { Chunk = ByteString.CopyFrom(chunk.Span) },
            ct);

    /// <summary>Serves an Approved version on an endpoint (<c>production</c> when null); returns once it serves or failed.</summary>
    public Task<Endpoint> PromoteAsync(string family, int version, string? endpoint = null, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.PromoteAsync(new PromoteRequest { Family = family, Version = version, Endpoint = endpoint ?? "" }, rpc.Unary(deadline, ct)));

    /// <summary>What an endpoint (<c>production</c> when null) serves.</summary>
    public Task<Endpoint> GetEndpointAsync(string? endpoint = null, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.GetEndpointAsync(new GetEndpointRequest { Endpoint = endpoint ?? "" }, rpc.Unary(deadline, ct)));

    /// <summary>The endpoint now and after every change until cancelled; no deadline unless given one.</summary>
    public IAsyncEnumerable<Endpoint> WatchEndpointAsync(string? endpoint = null, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Stream(client.WatchEndpoint(new GetEndpointRequest { Endpoint = endpoint ?? "" }, rpc.Long(deadline, ct)), ct);

    /// <summary>An endpoint's promotions, newest first.</summary>
    public async Task<IReadOnlyList<Promotion>> ListPromotionsAsync(string? endpoint = null, TimeSpan? deadline = null, CancellationToken ct = default) =>
        (await RpcCaller.Await(client.ListPromotionsAsync(new ListPromotionsRequest { Endpoint = endpoint ?? "" }, rpc.Unary(deadline, ct)))).Promotions;
}
