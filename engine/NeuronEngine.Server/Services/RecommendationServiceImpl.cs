using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Server.Recommend;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.RecommendationService over the production endpoint's model.</summary>
internal sealed class RecommendationServiceImpl(Recommender recommender) : RecommendationService.RecommendationServiceBase
{
    public override Task<RecommendResponse> Recommend(RecommendRequest request, ServerCallContext context) =>
        Task.FromResult(recommender.Recommend(context.GetTenant(), request));

    public override Task<RecommendResponse> SimilarItems(SimilarItemsRequest request, ServerCallContext context) =>
        Task.FromResult(recommender.SimilarItems(context.GetTenant(), request));
}
