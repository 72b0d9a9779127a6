using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Services;

/// <summary>The tenant's item catalog (<c>neuron.v1.CatalogService</c>).</summary>
public sealed class CatalogClient
{
    private readonly CatalogService.CatalogServiceClient client;
    private readonly RpcCaller rpc;

    internal CatalogClient(CatalogService.CatalogServiceClient client, RpcCaller rpc)
    {
        this.client = client;
        this.rpc = rpc;
    }

    /// <summary>Inserts or replaces up to 10,000 items, all or nothing.</summary>
    public Task<UpsertItemsResponse> UpsertAsync(UpsertItemsRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.UpsertItemsAsync(request, rpc.Unary(deadline, ct)));

    /// <summary>Inserts or replaces up to 10,000 items, all or nothing.</summary>
    public Task<UpsertItemsResponse> UpsertAsync(IEnumerable<Item> items, CancellationToken ct = default) =>
        UpsertAsync(new UpsertItemsRequest { Items = { items } }, null, ct);

    /// <summary>Marks items inactive; unknown ids are ignored.</summary>
    public Task<DeleteItemsResponse> DeleteAsync(IEnumerable<string> itemIds, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.DeleteItemsAsync(new DeleteItemsRequest { ItemIds = { itemIds } }, rpc.Unary(deadline, ct)));

    /// <summary>One item; <c>NOT_FOUND</c> when unknown.</summary>
    public Task<Item> GetAsync(string itemId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.GetItemAsync(new GetItemRequest { ItemId = itemId }, rpc.Unary(deadline, ct)));

    /// <summary>One page of items ordered by id; pass <c>NextPageToken</c> back until it is empty.</summary>
    public Task<ListItemsResponse> ListAsync(ListItemsRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.ListItemsAsync(request, rpc.Unary(deadline, ct)));

    /// <summary>Every item, page by page (each page with its own deadline).</summary>
    public async IAsyncEnumerable<Item> ListAllAsync(int pageSize = 100, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var token = "";
        do
        {
            var page = await ListAsync(new ListItemsRequest { PageSize = pageSize, PageToken = token }, null, ct);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);
    }
}
