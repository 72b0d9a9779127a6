using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;

namespace NeuronEngine.Server.Ingest;

/// <summary>
/// One TrackStream call: appends each request as it arrives, up to <see cref="MaxInFlight"/> at once, and writes one
/// ack per request in request order.
/// </summary>
/// <remarks>
/// A bad request or a failed append ends the call with its error after every earlier request was acknowledged. On
/// shutdown the call stops reading, acknowledges what it took, and ends UNAVAILABLE so the client resends the rest.
/// Reading never waits on anything but the client and an interrupt (shutdown or a failure), so neither can hang it.
/// </remarks>
internal sealed class TrackStreamPump(EventIngest ingest, IHostApplicationLifetime lifetime)
{
    /// <summary>Requests of one call being appended at once; more wait, which back-pressures the client.</summary>
    public const int MaxInFlight = 16;

    public async Task RunAsync(string tenant, IAsyncStreamReader<TrackRequest> requests, IServerStreamWriter<TrackResponse> responses, CancellationToken cancellationToken)
    {
        // One less than the limit: the ack loop holds one append while it awaits it.
        var pending = Channel.CreateBounded<Task<TrackResponse>>(new BoundedChannelOptions(MaxInFlight - 1) { SingleReader = true, SingleWriter = true });
        var interrupt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopping = lifetime.ApplicationStopping.Register(() => interrupt.TrySetResult());
        var acks = AcknowledgeAsync(pending.Reader, responses, interrupt);
        try
        {
            await PumpAsync(tenant, requests, pending, interrupt, acks, cancellationToken);
        }
        catch (Exception ex) when (ex is not NeuronException && lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The connection or an append broke because the engine is stopping: that is the reason the client must
            // see (UNAVAILABLE, resend), not an internal error.
            throw ShuttingDown();
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw ShuttingDown();
        }
    }

    private static NeuronException ShuttingDown() =>
        NeuronException.Unavailable("the engine is shutting down; every acknowledged request is stored, resend the rest");

    private async Task PumpAsync(string tenant, IAsyncStreamReader<TrackRequest> requests, Channel<Task<TrackResponse>> pending, TaskCompletionSource interrupt, Task acks, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var next = requests.MoveNext(cancellationToken);
                if (await Task.WhenAny(next, interrupt.Task) != next || !await next)
                {
                    break;
                }

                var append = ingest.TrackAsync(tenant, requests.Current);
                var room = pending.Writer.WaitToWriteAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(room, interrupt.Task) != room || !pending.Writer.TryWrite(append) || append.IsFaulted)
                {
                    break;
                }
            }
        }
        finally
        {
            pending.Writer.TryComplete();
        }

        await acks;
    }

    /// <summary>Writes the acks in order; after the first failure it only drains, so the reading loop never blocks on a full channel.</summary>
    private static async Task AcknowledgeAsync(ChannelReader<Task<TrackResponse>> pending, IServerStreamWriter<TrackResponse> responses, TaskCompletionSource interrupt)
    {
        ExceptionDispatchInfo? failure = null;
        await foreach (var append in pending.ReadAllAsync())
        {
            if (failure is not null)
            {
                continue;
            }

            try
            {
                await responses.WriteAsync(await append);
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
                interrupt.TrySetResult();
            }
        }

        failure?.Throw();
    }
}
