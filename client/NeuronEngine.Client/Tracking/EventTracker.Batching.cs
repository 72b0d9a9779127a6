using Grpc.Core;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tracking;

/// <summary>The loop that cuts the queue into batches.</summary>
public sealed partial class EventTracker
{
    private async Task RunAsync()
    {
        try
        {
            await BatchLoopAsync();
        }
#pragma warning disable CA1031 // The loop must not die silently: writers would wait forever on a full buffer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.LoopFailed(logger, ex);
            queue.Writer.TryComplete(ex);
            LoseQueued(ex);
        }
    }

    /// <summary>After the loop failed: what is still queued is lost, and waiting flushes are released to report it.</summary>
    private void LoseQueued(Exception cause)
    {
        var error = new NeuronClientException(StatusCode.Internal, $"not sent: the tracker's loop stopped ({cause.GetType().Name}: {cause.Message})", null, cause);
        var batch = new List<Event>();
        while (queue.Reader.TryRead(out var entry))
        {
            if (entry.Event is { } e)
            {
                batch.Add(e);
            }

            entry.Flush?.TrySetResult();
        }

        if (batch.Count > 0)
        {
            Lose(batch, error);
        }
    }

    private async Task BatchLoopAsync()
    {
        var reader = queue.Reader;
        var batch = new List<Event>(options.TrackerMaxBatch);
        Task<bool>? waiting = null;
        var closed = false;
        while (!closed)
        {
            TaskCompletionSource? flush = null;
            DateTimeOffset? due = null;
            while (batch.Count < options.TrackerMaxBatch && flush is null)
            {
                if (reader.TryRead(out var entry))
                {
                    if (entry.Event is { } e)
                    {
                        batch.Add(e);
                        due ??= time.GetUtcNow() + options.TrackerFlushInterval;
                    }
                    else
                    {
                        flush = entry.Flush;
                    }

                    continue;
                }

                // One pending wait is kept across timeouts, so waits do not pile up on the channel.
                waiting ??= reader.WaitToReadAsync().AsTask();
                if (due is { } at)
                {
                    var remaining = at - time.GetUtcNow();
                    if (remaining <= TimeSpan.Zero || !await WaitAsync(waiting, remaining))
                    {
                        break;
                    }
                }

                var more = await waiting;
                waiting = null;
                if (!more)
                {
                    closed = true;
                    break;
                }
            }

            if (batch.Count > 0)
            {
                await SendAsync(batch);
                batch = new List<Event>(options.TrackerMaxBatch);
            }

            flush?.TrySetResult();
        }
    }

    /// <summary>True when <paramref name="waiting"/> finished within <paramref name="timeout"/>.</summary>
    private async Task<bool> WaitAsync(Task<bool> waiting, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource();
        var delay = Task.Delay(timeout, time, cancel.Token);
        var first = await Task.WhenAny(waiting, delay);
        await cancel.CancelAsync();
        return first == waiting;
    }
}
