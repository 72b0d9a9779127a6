using System.Collections.Concurrent;
using FASTER.core;

namespace NeuronEngine.Counters.Storage;

/// <summary>
/// One FASTER key-value store with its log device, checkpoint manager, the writer's session and a pool of
/// reader sessions. A FASTER session is single-threaded: the writer owns one, and each concurrent reader
/// borrows one from the pool for the length of a call.
/// </summary>
internal sealed class FasterStore : IDisposable
{
    private readonly IDevice logDevice;
    private readonly ConcurrentBag<CounterSession> readers = [];
    private readonly string directory;
    private bool disposed;

    private FasterStore(CounterOptions options, string directory)
    {
        this.directory = directory;
        logDevice = Devices.CreateLogDevice(Path.Combine(directory, "hlog", "log"), recoverDevice: true);
        CheckpointManager = new DeviceLogCommitCheckpointManager(
            new LocalStorageNamedDeviceFactory(),
            new DefaultCheckpointNamingScheme(Path.Combine(directory, "faster")),
            removeOutdated: false);
        var logSettings = new LogSettings
        {
            LogDevice = logDevice,
            PageSizeBits = Log2(options.PageSizeBytes),
            MemorySizeBits = Log2(options.LogMemorySizeBytes),
        };
        var checkpointSettings = new CheckpointSettings { CheckpointManager = CheckpointManager, RemoveOutdated = false };
        Kv = new FasterKV<SpanByte, SpanByte>(
            options.IndexSizeBytes / 64,
            logSettings,
            checkpointSettings,
            concurrencyControlMode: ConcurrencyControlMode.LockTable);
        Writer = NewSession();
    }

    public FasterKV<SpanByte, SpanByte> Kv { get; }

    public DeviceLogCommitCheckpointManager CheckpointManager { get; }

    /// <summary>The writer's session: used only on the writer thread, and by Recover and checkpoints while no Apply runs.</summary>
    public CounterSession Writer { get; }

    public static FasterStore Open(CounterOptions options, string directory) => new(options, directory);

    /// <summary>The file FASTER appends a snapshot's incremental deltas to (one file: the delta device has no segments).</summary>
    public static string DeltaLogPath(string directory, Guid logToken)
    {
        var file = new DefaultCheckpointNamingScheme(Path.Combine(directory, "faster")).DeltaLog(logToken);
        return Path.Combine(directory, "faster", file.directoryName, file.fileName + ".0");
    }

    /// <summary>The delta log's current length in bytes; 0 when the snapshot has no deltas.</summary>
    public long DeltaLogBytes(Guid logToken)
    {
        var file = new FileInfo(DeltaLogPath(directory, logToken));
        return file.Exists ? file.Length : 0;
    }

    /// <summary>
    /// Cuts a delta log back to <paramref name="bytes"/>, dropping the deltas of later (or unfinished) checkpoints,
    /// so that FASTER, which recovers the newest version a delta log holds, recovers the one wanted.
    /// Only for a store that is not open: an open store may still be appending to it.
    /// </summary>
    public static void TruncateDeltaLog(string directory, Guid logToken, long bytes)
    {
        var path = DeltaLogPath(directory, logToken);
        if (File.Exists(path) && new FileInfo(path).Length > bytes)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
            stream.SetLength(bytes);
            stream.Flush(flushToDisk: true);
        }
    }

    public CounterSession RentReader() => readers.TryTake(out var session) ? session : NewSession();

    public void ReturnReader(CounterSession session) => readers.Add(session);

    /// <summary>Runs an RMW to completion; a pending one (its record is on disk) is waited for.</summary>
    public static Status Rmw(CounterSession session, ref SpanByte key, ref CounterInput input, ref CounterOutput output)
    {
        var status = session.RMW(ref key, ref input, ref output);
        if (status.IsPending)
        {
            status = CompletePending(session, ref output);
        }

        return status.IsFaulted ? throw new InvalidOperationException("FASTER RMW failed: " + status) : status;
    }

    /// <summary>Runs a read to completion; a pending one (its record is on disk) is waited for.</summary>
    public static bool Read(CounterSession session, ref SpanByte key, ref CounterInput input, ref CounterOutput output)
    {
        var status = session.Read(ref key, ref input, ref output);
        if (status.IsPending)
        {
            status = CompletePending(session, ref output);
        }

        return status.IsFaulted ? throw new InvalidOperationException("FASTER read failed: " + status) : status.Found;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Writer.Dispose();
        while (readers.TryTake(out var session))
        {
            session.Dispose();
        }

        Kv.Dispose();
        logDevice.Dispose();
        CheckpointManager.Dispose();
    }

    private static Status CompletePending(CounterSession session, ref CounterOutput output)
    {
        session.CompletePendingWithOutputs(out var completed, wait: true);
        using (completed)
        {
            if (!completed.Next())
            {
                throw new InvalidOperationException("FASTER reported a pending operation but completed none");
            }

            output = completed.Current.Output;
            return completed.Current.Status;
        }
    }

    private CounterSession NewSession() => Kv.For(CounterFunctions.Instance).NewSession<CounterFunctions>(
        sessionVariableLengthStructSettings: new SessionVariableLengthStructSettings<SpanByte, CounterInput> { valueLength = CounterValueLength.Instance });

    private static int Log2(long value) => 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value);
}
