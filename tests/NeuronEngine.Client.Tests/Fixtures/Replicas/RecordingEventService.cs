using Grpc.Core;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests.Fixtures.Replicas;

/// <summary><c>neuron.v1.EventService</c> of a <see cref="ReplicaServer"/>: stores event ids in the shared ledger.</summary>
public sealed class RecordingEventService(Replica replica) : EventService.EventServiceBase
{
    public override Task<TrackResponse> Track(TrackRequest request, ServerCallContext context)
    {
        replica.Record(nameof(Track), context);
        return Task.FromResult(replica.Store(request));
    }

    public override async Task TrackStream(IAsyncStreamReader<TrackRequest> requestStream, IServerStreamWriter<TrackResponse> responseStream, ServerCallContext context)
    {
        replica.Record(nameof(TrackStream), context);
        replica.StreamOpened();
        try
        {
            await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
            {
                replica.Record("TrackStream.Batch", context);
                await responseStream.WriteAsync(replica.Store(request), context.CancellationToken);
            }
        }
        finally
        {
            replica.StreamClosed();
        }
    }

    public override Task<EventStats> GetEventStats(GetEventStatsRequest request, ServerCallContext context)
    {
        replica.Record(nameof(GetEventStats), context);
        return Task.FromResult(new EventStats { Total = replica.Ledger.Stored.Count });
    }
}
