using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Engine.Recommend;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Services;

/// <summary>
/// neuron.v1.CatalogService over the registry; every rule is enforced by <see cref="ICatalogStore"/>, the catalog limit by
/// <see cref="CatalogCache"/>, which writes through to the store.
/// </summary>
internal sealed class CatalogServiceImpl(ICatalogStore store, CatalogCache cache) : CatalogService.CatalogServiceBase
{
    public override Task<UpsertItemsResponse> UpsertItems(UpsertItemsRequest request, ServerCallContext context)
    {
        var tenant = context.GetWritableTenant();
        var items = request.Items.Select(i => new CatalogItem(i.ItemId, i.Attributes, !i.HasActive || i.Active)).ToArray();
        var upserted = cache.Upsert(tenant, items);
        return Task.FromResult(new UpsertItemsResponse { Upserted = upserted });
    }

    public override Task<DeleteItemsResponse> DeleteItems(DeleteItemsRequest request, ServerCallContext context)
    {
        var tenant = context.GetWritableTenant();
        var deleted = cache.Deactivate(tenant, request.ItemIds);
        return Task.FromResult(new DeleteItemsResponse { Deleted = deleted });
    }

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
