using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Recommend;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.RecommendationService over the production endpoint's model.</summary>
internal sealed class RecommendationServiceImpl(Recommender recommender) : RecommendationService.RecommendationServiceBase
{
    /// <remarks>The call's token carries its deadline too: a call cancelled while it waits for a batch leaves it.</remarks>
    public override Task<RecommendResponse> Recommend(RecommendRequest request, ServerCallContext context)
    {
        var pending = recommender.RecommendAsync(context.GetTenant(), request, context.CancellationToken);
        return pending.IsCompletedSuccessfully ? Task.FromResult(pending.Result) : pending.AsTask();
    }

    public override Task<RecommendResponse> SimilarItems(SimilarItemsRequest request, ServerCallContext context) =>
        Task.FromResult(recommender.SimilarItems(context.GetTenant(), request));
}
