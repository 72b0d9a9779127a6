using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.CatalogService over the registry; every rule is enforced by <see cref="CatalogStore"/>.</summary>
internal sealed class CatalogServiceImpl(CatalogStore store) : CatalogService.CatalogServiceBase
{
    public override Task<UpsertItemsResponse> UpsertItems(UpsertItemsRequest request, ServerCallContext context)
    {
        var items = request.Items.Select(i => new CatalogItem(i.ItemId, i.Attributes, !i.HasActive || i.Active)).ToArray();
        return Task.FromResult(new UpsertItemsResponse { Upserted = store.Upsert(context.GetWritableTenant(), items) });
    }

    public override Task<DeleteItemsResponse> DeleteItems(DeleteItemsRequest request, ServerCallContext context) =>
        Task.FromResult(new DeleteItemsResponse { Deleted = store.Delete(context.GetWritableTenant(), request.ItemIds) });

    public override Task<Item> GetItem(GetItemRequest request, ServerCallContext context) =>
        Task.FromResult(store.Get(context.GetTenant(), request.ItemId).ToContract());

    public override Task<ListItemsResponse> ListItems(ListItemsRequest request, ServerCallContext context)
    {
        var page = store.List(context.GetTenant(), request.HasPageSize ? request.PageSize : null, request.PageToken);
        var response = new ListItemsResponse { NextPageToken = page.NextPageToken };
        response.Items.Add(page.Items.Select(i => i.ToContract()));
        return Task.FromResult(response);
    }
}
