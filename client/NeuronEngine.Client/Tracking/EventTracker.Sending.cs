using Grpc.Core;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tracking;

/// <summary>Sending one batch over the stream, with retries.</summary>
public sealed partial class EventTracker
{
    private async Task SendAsync(List<Event> batch)
    {
        var request = new TrackRequest { Events = { batch } };
        NeuronClientException? last = null;
        for (var attempt = 1; ; attempt++)
        {
            if (closing.IsCancellationRequested)
            {
                var error = GivenUpAtClose(last);
                Log.GivenUpAtClose(logger, batch.Count, attempt - 1, options.TrackerCloseTimeout, error.Detail);
                Lose(batch, error);
                return;
            }

            try
            {
                var response = await ExchangeAsync(request);
                Interlocked.Add(ref sent, response.Accepted);
                Interlocked.Add(ref duplicates, response.Duplicates);
                Interlocked.Increment(ref batches);
                return;
            }
            catch (NeuronClientException) when (closing.IsCancellationRequested)
            {
                // The exchange was cut by the close: the next turn gives the batch up with the failure before it, if any.
            }
            catch (NeuronClientException ex) when (ex.IsTransient && attempt < options.TrackerMaxAttempts)
            {
                last = ex;
                var backoff = Backoff(attempt);
                Log.Retrying(logger, batch.Count, attempt, ex.StatusCode, backoff, ex.Detail);
                await DelayAsync(backoff);
            }
            catch (NeuronClientException ex) when (ex.IsTransient)
            {
                Log.GaveUp(logger, batch.Count, attempt, ex.StatusCode, ex.Detail);
                Lose(batch, ex);
                return;
            }
            catch (NeuronClientException ex)
            {
                Log.Refused(logger, batch.Count, ex.StatusCode, ex.Detail);
                Lose(batch, ex);
                return;
            }
        }
    }

    /// <summary>Waits out a back-off, ending early (without throwing) when the tracker is closing.</summary>
    private async Task DelayAsync(TimeSpan backoff)
    {
        try
        {
            await Task.Delay(backoff, time, closing.Token);
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
        }
    }

    /// <summary>Why a batch still unsent when <see cref="DisposeAsync"/> stopped waiting is lost: the close timeout, and the last failure.</summary>
    private NeuronClientException GivenUpAtClose(NeuronClientException? last) =>
        new(
            StatusCode.DeadlineExceeded,
            last is null
                ? $"not sent within {nameof(NeuronClientOptions.TrackerCloseTimeout)} ({options.TrackerCloseTimeout}) when the tracker was disposed"
                : $"not sent within {nameof(NeuronClientOptions.TrackerCloseTimeout)} ({options.TrackerCloseTimeout}) when the tracker was disposed; last failure {last.StatusCode}: {last.Detail}",
            null,
            last);

    /// <summary>Counts and reports a batch given up on (already logged): to the handlers when any is subscribed, else to the next flush or dispose.</summary>
    private void Lose(List<Event> batch, NeuronClientException error)
    {
        Interlocked.Add(ref failed, batch.Count);
        var args = new TrackFailedEventArgs(batch, error);
        if (BatchFailed is not { } handlers)
        {
            losses.Add(args);
            return;
        }

        try
        {
            handlers.Invoke(this, args);
        }
#pragma warning disable CA1031 // A faulty handler must not stop tracking.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(logger, ex);
        }
    }

    /// <summary>Writes one request and reads its acknowledgement; any failure drops the stream so the next attempt opens a new one.</summary>
    private async Task<TrackResponse> ExchangeAsync(TrackRequest request)
    {
        stream ??= client.TrackStream();
        using var deadline = new CancellationTokenSource(options.DefaultDeadline, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, closing.Token);
        try
        {
            await stream.RequestStream.WriteAsync(request, timeout.Token);
            if (!await stream.ResponseStream.MoveNext(timeout.Token))
            {
                throw new NeuronClientException(StatusCode.Unavailable, "the engine ended the stream without acknowledging the batch");
            }

            return stream.ResponseStream.Current;
        }
        catch (Exception ex) when (ex is not NeuronClientException)
        {
            var error = await StatusOfAsync(ex, deadline.IsCancellationRequested);
            await CloseStreamAsync();
            throw error;
        }
        catch (NeuronClientException)
        {
            await CloseStreamAsync();
            throw;
        }
    }

    /// <summary>The status a failed exchange ended with; a write to a call the engine already ended fails without it.</summary>
    private async Task<NeuronClientException> StatusOfAsync(Exception ex, bool timedOut)
    {
        if (timedOut)
        {
            return new NeuronClientException(StatusCode.DeadlineExceeded, "no acknowledgement within the default deadline", null, ex);
        }

        if (ex is RpcException rpc)
        {
            return NeuronClientException.From(rpc);
        }

        // Cut by DisposeAsync's timeout: the engine is not asked for a status it may never send.
        if (closing.IsCancellationRequested)
        {
            return new NeuronClientException(StatusCode.Cancelled, "the tracker was disposed before the engine acknowledged the batch", null, ex);
        }

        try
        {
            if (stream is not null)
            {
                await stream.ResponseStream.MoveNext();
            }
        }
        catch (RpcException status)
        {
            return NeuronClientException.From(status);
        }
#pragma warning disable CA1031 // Anything else here means the connection is gone: treated as unavailable below.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return new NeuronClientException(StatusCode.Unavailable, ex.Message, null, ex);
    }

    private async Task CloseStreamAsync()
    {
        if (stream is not { } call)
        {
            return;
        }

        stream = null;
        try
        {
            // Ending the request side and reading the call to its end closes it cleanly; disposing alone resets it.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(timeout.Token))
            {
            }
        }
#pragma warning disable CA1031 // Closing a broken call may fail in many ways; it is being discarded either way.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        call.Dispose();
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.TrackerInitialBackoff * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = exponential < options.TrackerMaxBackoff ? exponential : options.TrackerMaxBackoff;

        // Jitter spreads the retries of many clients after one outage.
#pragma warning disable CA5394 // Not security-relevant.
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
#pragma warning restore CA5394
    }

}
