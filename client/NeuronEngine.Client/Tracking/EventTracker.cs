using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tracking;

/// <summary>
/// Buffers events and sends them in batches over one <c>TrackStream</c> call, flushing when a batch is full or has waited
/// <see cref="NeuronClientOptions.TrackerFlushInterval"/>. Each event gets an <c>event_id</c> before it is buffered, so a
/// batch resent after a transient failure is deduplicated by the engine rather than counted twice. A failed send drops the
/// stream and the batch, same ids, goes again on a new one; with several endpoints the channel opens it on a replica that
/// is up, so a replica dying mid-batch loses nothing (its replacement reports what it had stored as duplicates when the
/// replicas share their deduplication). The buffer is bounded:
/// <see cref="TrackAsync"/> waits for room instead of growing it. Dispose it to send what is buffered.
/// </summary>
/// <remarks>
/// <para>
/// A batch is lost when the engine refuses it (a failure that is not <see cref="NeuronClientException.IsTransient"/>:
/// an unknown event type, a bad key, a cap the tenant reached — never retried), when a transient failure outlasts
/// <see cref="NeuronClientOptions.TrackerMaxAttempts"/>, or when <see cref="DisposeAsync"/> gives up on it after
/// <see cref="NeuronClientOptions.TrackerCloseTimeout"/>. Each loss is logged once, at Error, through the client's logger.
/// </para>
/// <para>
/// Where a loss goes: to the <see cref="BatchFailed"/> handlers when any is subscribed at the time; otherwise the next
/// <see cref="FlushAsync"/> or <see cref="DisposeAsync"/> throws one <see cref="NeuronClientException"/> reporting every
/// batch lost since the last report (<see cref="NeuronClientException.LostBatches"/>). Nothing is lost silently.
/// </para>
/// </remarks>
public sealed partial class EventTracker : IAsyncDisposable
{
    private readonly EventService.EventServiceClient client;
    private readonly NeuronClientOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Channel<Entry> queue;
    private readonly TrackLosses losses;

    /// <summary>Cancelled when <see cref="DisposeAsync"/> has waited <see cref="NeuronClientOptions.TrackerCloseTimeout"/>: what is unsent is given up.</summary>
    private readonly CancellationTokenSource closing = new();
    private readonly Task loop;
    private AsyncDuplexStreamingCall<TrackRequest, TrackResponse>? stream;
    private long sent;
    private long duplicates;
    private long failed;
    private long batches;
    private int disposed;

    internal EventTracker(EventService.EventServiceClient client, NeuronClientOptions options, ILogger logger, TimeProvider time)
    {
        this.client = client;
        this.options = options;
        this.logger = logger;
        this.time = time;
        losses = new TrackLosses(options.TrackerMaxBuffered);
        queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(options.TrackerMaxBuffered)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Raised on the tracker's loop for each batch given up on; a handler must not block. While any handler is
    /// subscribed, losses go to it and <see cref="FlushAsync"/> and <see cref="DisposeAsync"/> do not throw for them.
    /// </summary>
    public event EventHandler<TrackFailedEventArgs>? BatchFailed;

    /// <summary>Events the engine newly stored.</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>Events the engine reported as already stored (a retry of an acknowledged send, or a repeated id).</summary>
    public long Duplicates => Interlocked.Read(ref duplicates);

    /// <summary>Events given up on (see <see cref="BatchFailed"/>).</summary>
    public long Failed => Interlocked.Read(ref failed);

    /// <summary>Batches the engine acknowledged.</summary>
    public long Batches => Interlocked.Read(ref batches);

    /// <summary>
    /// Buffers an event, assigning <c>event_id</c> (a version 7 GUID) when it has none; waits while the buffer is full.
    /// The event must not be changed afterwards. It does not report losses: <see cref="FlushAsync"/> does.
    /// </summary>
    public async ValueTask TrackAsync(Event trackedEvent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(trackedEvent);
        EventIds.Assign(trackedEvent);

        try
        {
            await queue.Writer.WriteAsync(new Entry(trackedEvent, null), ct);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException(nameof(EventTracker), ex);
        }
    }

    /// <summary>
    /// Completes once every event tracked before the call was sent or given up on. Cancelling <paramref name="ct"/> stops
    /// the wait only: the events stay buffered and are still sent.
    /// </summary>
    /// <exception cref="NeuronClientException">
    /// Batches were lost since the last report and no <see cref="BatchFailed"/> handler took them: every one of them, in
    /// <see cref="NeuronClientException.LostBatches"/>. The tracker goes on working.
    /// </exception>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await queue.Writer.WriteAsync(new Entry(null, done), ct);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException(nameof(EventTracker), ex);
        }

        await done.Task.WaitAsync(ct);
        ThrowIfLost();
    }

    /// <summary>
    /// Stops taking events, sends (with retries) everything buffered for at most
    /// <see cref="NeuronClientOptions.TrackerCloseTimeout"/>, gives up on what is still unsent then, and ends the stream.
    /// </summary>
    /// <exception cref="NeuronClientException">
    /// Batches were lost since the last report (including those given up on here) and no <see cref="BatchFailed"/>
    /// handler took them: every one of them, in <see cref="NeuronClientException.LostBatches"/>. The tracker is disposed
    /// all the same.
    /// </exception>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        queue.Writer.TryComplete();
        try
        {
            await loop.WaitAsync(options.TrackerCloseTimeout, time);
        }
        catch (TimeoutException)
        {
            // The loop gives up on the batch in flight and on everything queued, without sending, as soon as it sees this.
            await closing.CancelAsync();
            await loop;
        }

        await CloseStreamAsync();
        closing.Dispose();
        ThrowIfLost();
    }

    private void ThrowIfLost()
    {
        if (losses.Take() is { } lost)
        {
            throw lost;
        }
    }

    /// <summary>An event, or a flush marker whose position in the queue says which events it waits for.</summary>
    private readonly record struct Entry(Event? Event, TaskCompletionSource? Flush);
}
