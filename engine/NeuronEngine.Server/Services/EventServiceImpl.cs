using System.Threading.Channels;
using Grpc.Core;
using NeuronEngine.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Server.Ingest;
using NeuronEngine.Server.Templates;
using NeuronEngine.Server.Storage;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.EventService: ingest and statistics.</summary>
internal sealed class EventServiceImpl(
    EventIngest ingest,
    EngineStorage storage,
    TemplateStore templates,
    IHostApplicationLifetime lifetime) : EventService.EventServiceBase
{
    /// <summary>Requests of one TrackStream call being appended at once; more wait (back-pressure on the client).</summary>
    private const int MaxInFlightPerStream = 16;

    public override Task<TrackResponse> Track(TrackRequest request, ServerCallContext context) =>
        ingest.TrackAsync(context.GetWritableTenant(), request);

    /// <summary>
    /// Appends each request as it arrives, several at once, and writes one ack per request in request order. A bad
    /// request ends the call with its error after every earlier request was acknowledged. On shutdown the call stops
    /// reading, acknowledges what it took, and ends UNAVAILABLE so the client resends the rest elsewhere.
    /// </summary>
    public override async Task TrackStream(IAsyncStreamReader<TrackRequest> requestStream, IServerStreamWriter<TrackResponse> responseStream, ServerCallContext context)
    {
        var tenant = context.GetWritableTenant();
        var pending = Channel.CreateBounded<Task<TrackResponse>>(new BoundedChannelOptions(MaxInFlightPerStream) { SingleReader = true, SingleWriter = true });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var acks = AcknowledgeAsync(pending.Reader, responseStream, failed);
        var stopping = Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping);
        var stopped = false;
        try
        {
            while (true)
            {
                var next = requestStream.MoveNext(failed.Token);
                if (await Task.WhenAny(next, stopping) == stopping)
                {
                    stopped = true;
                    break;
                }

                if (!await next)
                {
                    break;
                }

                var append = ingest.TrackAsync(tenant, requestStream.Current);
                await pending.Writer.WriteAsync(append, failed.Token);
                if (append.IsFaulted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (acks.IsFaulted)
        {
            // An append failed: its error, awaited below, is what the client should see.
        }
        finally
        {
            pending.Writer.TryComplete();
        }

        await acks;
        if (stopped)
        {
            throw NeuronException.Unavailable("the engine is shutting down; every acknowledged request is stored, resend the rest");
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

    private static async Task AcknowledgeAsync(ChannelReader<Task<TrackResponse>> pending, IServerStreamWriter<TrackResponse> responses, CancellationTokenSource failed)
    {
        try
        {
            await foreach (var append in pending.ReadAllAsync())
            {
                await responses.WriteAsync(await append);
            }
        }
        catch
        {
            // Unblocks the reading loop, which may be waiting for room in the channel or for the next request.
            await failed.CancelAsync();
            throw;
        }
    }
}
