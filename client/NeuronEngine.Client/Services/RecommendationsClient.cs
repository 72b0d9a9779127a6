using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Services;

/// <summary>Recommendations from the model serving on the tenant's production endpoint (<c>neuron.v1.RecommendationService</c>).</summary>
public sealed class RecommendationsClient
{
    private readonly RecommendationService.RecommendationServiceClient client;
    private readonly RpcCaller rpc;

    internal RecommendationsClient(RecommendationService.RecommendationServiceClient client, RpcCaller rpc)
    {
        this.client = client;
        this.rpc = rpc;
    }

    /// <summary>Recommendations for a user; empty when nothing is promoted.</summary>
    public Task<RecommendResponse> RecommendAsync(RecommendRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.RecommendAsync(request, rpc.Unary(deadline, ct)));

    /// <summary>Up to <paramref name="count"/> (1-1000) items for a user, leaving out items already in their history.</summary>
    public Task<RecommendResponse> RecommendAsync(string userId, int count = 10, CancellationToken ct = default) =>
        RecommendAsync(new RecommendRequest { UserId = userId, Count = count }, null, ct);

    /// <summary>The items closest to one item in the serving model; <c>NOT_FOUND</c> when the model does not know it.</summary>
    public Task<RecommendResponse> SimilarItemsAsync(SimilarItemsRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.SimilarItemsAsync(request, rpc.Unary(deadline, ct)));

    /// <summary>Up to <paramref name="count"/> (1-1000) items closest to <paramref name="itemId"/>.</summary>
    public Task<RecommendResponse> SimilarItemsAsync(string itemId, int count = 10, CancellationToken ct = default) =>
        SimilarItemsAsync(new SimilarItemsRequest { ItemId = itemId, Count = count }, null, ct);
}
