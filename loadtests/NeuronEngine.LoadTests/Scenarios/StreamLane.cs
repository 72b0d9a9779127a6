using Grpc.Core;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>
/// One TrackStream call shared by many open-loop arrivals: sends are serialised (a stream takes one writer at a
/// time) and each caller gets the response matching its request, since the engine answers in request order.
/// </summary>
/// <remarks>A failed stream fails every pending send with its error; the next send opens a new call.</remarks>
internal sealed class StreamLane(EventService.EventServiceClient client) : IAsyncDisposable
{
    private readonly SemaphoreSlim writer = new(1, 1);
    private readonly Queue<TaskCompletionSource<TrackResponse>> pending = new();
    private AsyncDuplexStreamingCall<TrackRequest, TrackResponse>? call;
    private Task? reader;

    public async Task<TrackResponse> SendAsync(TrackRequest request)
    {
        var answer = new TaskCompletionSource<TrackResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        await writer.WaitAsync().ConfigureAwait(false);
        try
        {
            if (call is null)
            {
                call = client.TrackStream();
                var opened = call;
                reader = Task.Run(() => ReadAsync(opened));
            }

            lock (pending)
            {
                pending.Enqueue(answer);
            }

            await call.RequestStream.WriteAsync(request).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            answer.TrySetException(ex);
            call = null;
        }
        finally
        {
            writer.Release();
        }

        return await answer.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await writer.WaitAsync().ConfigureAwait(false);
        try
        {
            if (call is not null)
            {
                try
                {
                    await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                    await reader!.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RpcException or InvalidOperationException or TimeoutException)
                {
                    // The run is over; a stream that fails while closing has nothing left to report.
                }

                call.Dispose();
            }
        }
        finally
        {
            writer.Release();
        }
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<TrackRequest, TrackResponse> opened)
    {
        Exception failure = new RpcException(new Status(StatusCode.Unavailable, "the stream ended with requests unanswered"));
        try
        {
            await foreach (var response in opened.ResponseStream.ReadAllAsync().ConfigureAwait(false))
            {
                TaskCompletionSource<TrackResponse>? next;
                lock (pending)
                {
                    pending.TryDequeue(out next);
                }

                next?.TrySetResult(response);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        lock (pending)
        {
            while (pending.TryDequeue(out var orphan))
            {
                orphan.TrySetException(failure);
            }
        }
    }
}
