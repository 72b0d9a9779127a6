using Grpc.Core;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests.Fixtures.Replicas;

/// <summary><c>neuron.v1.RecommendationService</c> of a <see cref="ReplicaServer"/>: answers with one item named after the replica.</summary>
public sealed class RecordingRecommendationService(Replica replica) : RecommendationService.RecommendationServiceBase
{
    public override Task<RecommendResponse> Recommend(RecommendRequest request, ServerCallContext context)
    {
        replica.Record(nameof(Recommend), context);
        return Task.FromResult(new RecommendResponse { Items = { new ScoredItem { ItemId = replica.Name, Score = 1 } } });
    }
}
