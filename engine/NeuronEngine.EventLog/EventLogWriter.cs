using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

/// <summary>
/// The single writer of the event log: appends batches as records through one group-commit loop, so many concurrent
/// appends share one write and one fsync. Open it with <see cref="OpenAsync"/>, which recovers the log first.
/// </summary>
/// <remarks>
/// Thread-safe: any number of callers may append at once. The sequencer hooks and exclusive actions run on the loop,
/// one at a time, in log order. Only one writer may have a directory open (a lock file enforces it).
/// A failure it cannot undo (any failed fsync, a failed rollback, a sequencer hook that throws after
/// its batch is written) stops it for good: see <see cref="IsFaulted"/> and <see cref="Faulted"/>.
/// </remarks>
public sealed partial class EventLogWriter : IAsyncDisposable
{
    private const string LockFileName = "writer.lock";

    private readonly EventLogOptions options;
    private readonly DurabilityPolicy policy;
    private readonly ILogger logger;
    private readonly IAppendSequencer? sequencer;
    private readonly TimeProvider timeProvider;
    private readonly string directory;
    private readonly Channel<PendingRequest> queue;
    private readonly GroupBuffer buffer;
    private readonly List<PendingRequest> group = [];
    private SafeFileHandle? lockFile;
    private SafeFileHandle handle = null!;
    private SegmentFile segment;
    private long fileLength;
    private long end;
    private Task loop = Task.CompletedTask;

    private EventLogWriter(EventLogOptions options, DurabilityPolicy policy, ILogger logger, IAppendSequencer? sequencer, TimeProvider timeProvider)
    {
        this.options = options;
        this.policy = policy;
        this.logger = logger;
        this.sequencer = sequencer;
        this.timeProvider = timeProvider;
        directory = Path.GetFullPath(options.Directory);
        buffer = new GroupBuffer(Math.Min(options.MaxGroupBytes, 1024 * 1024));
        queue = Channel.CreateBounded<PendingRequest>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The log position just after the last committed record.</summary>
    public LogPosition EndPosition => new(Volatile.Read(ref end));

    /// <summary>How many bytes of a torn tail <see cref="OpenAsync"/> cut from the newest segment (0 when it ended cleanly).</summary>
    public long TornBytesCut { get; private set; }

    /// <summary>Running totals since open.</summary>
    public EventLogStats Stats => new(
        Volatile.Read(ref appends), Volatile.Read(ref groups), Volatile.Read(ref records),
        Volatile.Read(ref bytes), Volatile.Read(ref flushes), Volatile.Read(ref segmentsRolled));

    /// <summary>
    /// Validates the options, takes the directory's writer lock, recovers the log (cutting a torn tail; refusing on
    /// corruption unless <see cref="EventLogOptions.Repair"/>) and starts the group-commit loop.
    /// </summary>
    /// <exception cref="NeuronException">InvalidArgument for bad options, FailedPrecondition when another writer holds
    /// the directory or a segment has an unknown format version, DataLoss for corruption.</exception>
    public static Task<EventLogWriter> OpenAsync(
        EventLogOptions options,
        ILogger logger,
        IAppendSequencer? sequencer = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default) =>
        OpenCoreAsync(options, logger, sequencer, timeProvider, null, cancellationToken);

    /// <summary>As <see cref="OpenAsync"/>; <paramref name="flushFile"/> replaces the fsync from the start (see <see cref="FlushFile"/>).</summary>
    internal static async Task<EventLogWriter> OpenCoreAsync(
        EventLogOptions options,
        ILogger logger,
        IAppendSequencer? sequencer,
        TimeProvider? timeProvider,
        Action<SafeFileHandle, string>? flushFile,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var writer = new EventLogWriter(options, options.GetDurabilityPolicy(), logger, sequencer, timeProvider ?? TimeProvider.System);
        if (flushFile is not null)
        {
            writer.FlushFile = flushFile;
        }

        try
        {
            System.IO.Directory.CreateDirectory(writer.directory);
            writer.TakeLock();
            var segmentCount = await writer.RecoverAsync(cancellationToken);
            writer.handle = File.OpenHandle(writer.segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

            // What the last run wrote may be only in the page cache (under interval or none, or after a crash): make
            // it durable before building on it, so the watermark the first group carries is true.
            writer.FlushFile(writer.handle, writer.segment.Path);
            writer.synced = writer.end;

            // And record that fsync in the log (unless a header already vouches for all of it), so damage to those
            // bytes is not taken for a torn write if nothing follows it.
            writer.WriteWitness();
            Log.Opened(logger, writer.directory, segmentCount, writer.end, writer.policy.ToString());
        }
        catch
        {
            writer.handle?.Dispose();
            writer.lockFile?.Dispose();
            writer.buffer.Dispose();
            throw;
        }

        writer.loop = Task.Run(writer.RunLoopAsync, CancellationToken.None);
        return writer;
    }

    /// <summary>
    /// Appends <paramref name="batch"/> as one record and completes once its group is written (and fsynced, under
    /// <c>always</c>). Waits for queue space when the writer is behind.
    /// </summary>
    /// <param name="batch">One tenant's events.</param>
    /// <param name="cancellationToken">Honoured while the append waits for queue space or for the loop to reach it;
    /// once the loop has taken it into a group it is written regardless.</param>
    /// <exception cref="NeuronException">Unavailable when the writer is closed, has stopped after a failure (see
    /// <see cref="IsFaulted"/>) or the write failed; the message is fit for clients, the cause is in the log.</exception>
    public ValueTask<AppendResult> AppendAsync(EventBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var request = new PendingRequest(batch, null, cancellationToken);
        return queue.Writer.TryWrite(request) ? new ValueTask<AppendResult>(request.Task) : EnqueueSlowAsync(request);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the writer's loop between two groups, with no append in progress, passing
    /// the log's end position: state captured inside agrees exactly with the log up to that position. Everything
    /// written before it is fsynced first, whatever the durability policy, so the action sees a log that is durable
    /// up to the position it is given.
    /// </summary>
    /// <param name="action">The work to run. Once started it runs to completion: it is passed
    /// <see cref="CancellationToken.None"/>, so a caller's cancellation can never stop it halfway.</param>
    /// <param name="cancellationToken">Honoured until the loop starts the action: a cancelled request does not run
    /// at all and its caller sees the cancellation at once; after the start it no longer applies.</param>
    /// <exception cref="NeuronException">Unavailable when the writer is closed or has stopped after a failure
    /// (including an fsync that fails here). Whatever the action throws is rethrown as is.</exception>
    public async Task RunExclusiveAsync(Func<LogPosition, CancellationToken, Task> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var request = new PendingRequest(null, action, cancellationToken);
        using var registration = cancellationToken.UnsafeRegister(static state => ((PendingRequest)state!).TryCancel(), request);
        await EnqueueSlowAsync(request);
    }

    /// <summary>Waits for every append queued before it, then fsyncs what is not yet durable.</summary>
    /// <param name="cancellationToken">Honoured until the loop reaches the flush, as for <see cref="RunExclusiveAsync"/>.</param>
    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        RunExclusiveAsync(static (_, _) => Task.CompletedTask, cancellationToken);

    /// <summary>Stops taking appends, finishes the queued ones, fsyncs and closes the files. Safe after a failure.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    private async ValueTask<AppendResult> EnqueueSlowAsync(PendingRequest request)
    {
        try
        {
            await queue.Writer.WriteAsync(request, request.CancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw IsFaulted ? StoppedError() : NeuronException.Unavailable("the event log is closed");
        }

        return await request.Task;
    }

    private void TakeLock()
    {
        try
        {
            lockFile = File.OpenHandle(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new NeuronException(ErrorKind.FailedPrecondition, $"the event log in \"{directory}\" is already open by another writer", null, ex);
        }
    }
}
