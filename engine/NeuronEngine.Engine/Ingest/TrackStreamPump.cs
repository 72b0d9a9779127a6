using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;

namespace NeuronEngine.Engine.Ingest;

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

    /// <param name="tenant">The caller's tenant.</param>
    /// <param name="requests">The call's requests as the client sends them; read one at a time.</param>
    /// <param name="respond">Writes one ack to the client; called in request order, never concurrently.</param>
    /// <param name="cancellationToken">The call's token: the client went away or its deadline passed.</param>
    public async Task RunAsync(string tenant, IAsyncEnumerable<TrackRequest> requests, Func<TrackResponse, Task> respond, CancellationToken cancellationToken)
    {
        // One less than the limit: the ack loop holds one append while it awaits it.
        var pending = Channel.CreateBounded<Task<TrackResponse>>(new BoundedChannelOptions(MaxInFlight - 1) { SingleReader = true, SingleWriter = true });
        var interrupt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopping = lifetime.ApplicationStopping.Register(() => interrupt.TrySetResult());
        var acks = AcknowledgeAsync(pending.Reader, respond, interrupt);
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

    private async Task PumpAsync(string tenant, IAsyncEnumerable<TrackRequest> requests, Channel<Task<TrackResponse>> pending, TaskCompletionSource interrupt, Task acks, CancellationToken cancellationToken)
    {
        var reader = requests.GetAsyncEnumerator(cancellationToken);
        Task<bool>? next = null;
        try
        {
            while (true)
            {
                next = reader.MoveNextAsync().AsTask();
                if (await Task.WhenAny(next, interrupt.Task) != next || !await next)
                {
                    break;
                }

                var append = ingest.TrackAsync(tenant, reader.Current);
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
            await DisposeWhenIdleAsync(reader, next);
        }

        await acks;
    }

    /// <summary>
    /// Disposes the reader. A read still pending because an interrupt broke the loop waits on the client, so it is not
    /// awaited here: the reader is disposed once that read ends, which the end of the call guarantees.
    /// </summary>
    private static ValueTask DisposeWhenIdleAsync(IAsyncEnumerator<TrackRequest> reader, Task<bool>? pendingRead)
    {
        if (pendingRead is null || pendingRead.IsCompleted)
        {
            return reader.DisposeAsync();
        }

        // The read's own failure (the client went away) is the call's end, already handled: observed, not rethrown.
        _ = pendingRead.ContinueWith(
            static (read, state) =>
            {
                _ = read.Exception;
                return ((IAsyncEnumerator<TrackRequest>)state!).DisposeAsync().AsTask();
            },
            reader, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
            .Unwrap()
            .ContinueWith(static disposal => _ = disposal.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the acks in order; after the first failure it only drains, so the reading loop never blocks on a full channel.</summary>
    private static async Task AcknowledgeAsync(ChannelReader<Task<TrackResponse>> pending, Func<TrackResponse, Task> respond, TaskCompletionSource interrupt)
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
                await respond(await append);
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
