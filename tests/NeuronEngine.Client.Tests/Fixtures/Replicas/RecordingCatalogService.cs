using Grpc.Core;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests.Fixtures.Replicas;

/// <summary><c>neuron.v1.CatalogService</c> of a <see cref="ReplicaServer"/>: a write that must not be retried.</summary>
public sealed class RecordingCatalogService(Replica replica) : CatalogService.CatalogServiceBase
{
    public override Task<UpsertItemsResponse> UpsertItems(UpsertItemsRequest request, ServerCallContext context)
    {
        replica.Record(nameof(UpsertItems), context);
        return Task.FromResult(new UpsertItemsResponse { Upserted = request.Items.Count });
    }
}
