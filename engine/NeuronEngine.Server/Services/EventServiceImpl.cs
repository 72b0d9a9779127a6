using Grpc.Core;
using NeuronEngine.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Engine.Ingest;
using NeuronEngine.Engine.Security;
using NeuronEngine.Engine.Templates;
using NeuronEngine.Engine.Storage;
using NeuronEngine.Server.Health;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.EventService: ingest and statistics.</summary>
internal sealed class EventServiceImpl(
    EventIngest ingest,
    EngineStorage storage,
    ITemplateStore templates,
    TrackStreamPump pump) : EventService.EventServiceBase
{
    public override Task<TrackResponse> Track(TrackRequest request, ServerCallContext context) =>
        ingest.TrackAsync(context.GetWritableTenant(), request);

    /// <summary>The high-throughput path; see <see cref="TrackStreamPump"/> for ordering, back-pressure and shutdown.</summary>
    public override Task TrackStream(IAsyncStreamReader<TrackRequest> requestStream, IServerStreamWriter<TrackResponse> responseStream, ServerCallContext context) =>
        pump.RunAsync(context.GetWritableTenant(), WhileKeyValid(requestStream.ReadAllAsync(context.CancellationToken), context.GetCaller()), responseStream.WriteAsync, context.CancellationToken);

    /// <summary>The stream's requests until its key is revoked: then UNAUTHENTICATED, before the next request is taken.</summary>
    private static async IAsyncEnumerable<TrackRequest> WhileKeyValid(IAsyncEnumerable<TrackRequest> requests, Caller caller)
    {
        await foreach (var request in requests.ConfigureAwait(false))
        {
            if (caller.IsRevoked)
            {
                throw NeuronException.Unauthenticated($"API key {caller.KeyId} (\"{caller.Name}\") was revoked while this stream was open");
            }

            yield return request;
        }
    }

    public override Task<EventStats> GetEventStats(GetEventStatsRequest request, ServerCallContext context)
    {
        var tenant = context.GetTenant();
        var stats = storage.Counters.GetStats(tenant);
        var response = new EventStats
        {
            Total = stats.TotalEvents,
            DistinctUsers = stats.DistinctUsers,
            DistinctItems = stats.DistinctItems,
        };
        foreach (var (type, count) in stats.EventsByType.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            response.Types_.Add(new EventTypeCount { Type = type, Count = count });
        }

        if (request.TemplateId.Length > 0)
        {
            response.Template = TemplateReadiness.Evaluate(templates.Get(tenant, request.TemplateId), stats).ToContract();
        }

        return Task.FromResult(response);
    }
}
