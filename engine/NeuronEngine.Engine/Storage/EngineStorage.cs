using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Registry;
using NeuronEngine.Engine.Cluster.Events;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Ingest;

namespace NeuronEngine.Engine.Storage;

/// <summary>
/// Owns the engine's durable state and its life cycle. Start: the registry is already open (migrated when it was
/// constructed); the counters' checkpoint, the log (cutting a torn tail) and the replay from the checkpoint's position
/// are recovered in the background (<see cref="Recovery"/>), so the server can listen and answer health meanwhile.
/// Stop (after the server has drained its calls): flush and close the log, then checkpoint the counters.
/// </summary>
internal sealed partial class EngineStorage(
    IOptions<EventLogOptions> logOptions,
    RegistryDatabase registry,
    CounterStore counters,
    IngestSequencer sequencer,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ClusterEventLog? cluster = null) : IHostedService, IDisposable
{
    private readonly ILogger logger = loggerFactory.CreateLogger<EngineStorage>();
    private readonly CancellationTokenSource stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);

    // One checkpoint at a time, and none while a backup copies the files of the one it took.
    private readonly SemaphoreSlim checkpoints = new(1, 1);
    private EventLogWriter? writer;
    private Task? recovery;

    /// <summary>True once recovery finished and while the log takes appends.</summary>
    public bool IsReady => cluster?.IsReady ?? Volatile.Read(ref writer) is { IsFaulted: false };

    /// <summary>Cluster mode: the event log is the cluster's Redis streams (<see cref="ClusterEventLog"/>), not <see cref="Log"/>.</summary>
    public bool IsCluster => cluster is not null;

    /// <summary>The cluster's event streams; null on one node.</summary>
    public ClusterEventLog? Cluster => cluster;

    /// <summary>
    /// Completes when recovery has finished and the log takes appends; faults with recovery's error (DataLoss for a
    /// corrupt segment); is cancelled when the engine stops first. Not started before <see cref="StartAsync"/>.
    /// </summary>
    public Task Recovery => recovery ?? throw new InvalidOperationException("storage has not been started");

    /// <summary>True once <see cref="StartAsync"/> ran and recovery has ended (successfully or not).</summary>
    public bool IsRecoveryFinished => recovery is { IsCompleted: true };

    /// <summary>The log writer; UNAVAILABLE while the engine is still recovering or already stopped. None in cluster mode.</summary>
    public EventLogWriter Log => Volatile.Read(ref writer) ?? throw (cluster is null
        ? NeuronException.Unavailable("the engine is not ready: storage is recovering or shut down")
        : new InvalidOperationException("cluster mode has no file event log"));

    /// <summary>
    /// Stores a validated batch durably and applies it to the counters; returns what was kept (null when every event
    /// was a duplicate). One node: the file log's group commit. Cluster mode: the tenant's Redis stream.
    /// </summary>
    public async Task<EventBatch?> AppendAsync(EventBatch batch) => cluster is not null
        ? await cluster.AppendAsync(batch)
        : (await Log.AppendAsync(batch, CancellationToken.None)).Batch;

    /// <summary>The counters and user histories.</summary>
    public CounterStore Counters => counters;

    /// <summary>Starts recovery in the background and returns at once; see <see cref="Recovery"/>.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log_RegistryReady(registry.DatabasePath, registry.SchemaVersion);
        recovery = Task.Run(() => RecoverAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A stop during recovery abandons the replay: nothing was acknowledged yet, and the next start replays again.
        await stopping.CancelAsync();
        if (recovery is not null)
        {
            await recovery.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        // Waits for a backup still copying the files of its checkpoint; the stop token has already cut its copy short.
        await checkpoints.WaitAsync(CancellationToken.None);
        try
        {
            await CloseAsync();
        }
        finally
        {
            checkpoints.Release();
        }
    }

    public void Dispose()
    {
        stopping.Dispose();
        checkpoints.Dispose();
    }

    private async Task CloseAsync()
    {
        if (cluster is not null)
        {
            if (recovery is { IsCompletedSuccessfully: true })
            {
                var last = await cluster.CloseAsync();
                Log_ClusterStopped(last?.Token);
            }

            return;
        }

        var log = Interlocked.Exchange(ref writer, null);
        if (log is null)
        {
            return;
        }

        await log.DisposeAsync();

        // Not cancellable: the host's stop token may already have run out while the server drained its calls, and a
        // FASTER checkpoint abandoned part-way blocks every later one. Without it the next start replays more log.
        try
        {
            var checkpoint = await counters.CheckpointAsync(CancellationToken.None);
            Log_Stopped(log.EndPosition.Offset, checkpoint.Position.Offset);
        }
        catch (Exception ex) when (ex is IOException or NeuronException)
        {
            Log_ShutdownCheckpointFailed(log.EndPosition.Offset, ex);
        }
    }

    /// <summary>
    /// A log that stopped after an internal failure takes no more events: report it once, exit non-zero and let the
    /// supervisor restart the engine, whose recovery settles the log and the counters.
    /// </summary>
    private async Task StopWhenFaultedAsync(Task faulted)
    {
        await Task.WhenAny(faulted, Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping));
        if (faulted.IsCompleted && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Log_LogFaulted();
            Environment.ExitCode = ExitCodes.Failure;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 1, EventName = "RegistryReady", Level = LogLevel.Information, Message = "Registry {Path} at schema version {Version}")]
    private partial void Log_RegistryReady(string path, int version);

    [LoggerMessage(EventId = 5, EventName = "ShutdownCheckpointFailed", Level = LogLevel.Error, Message = "Storage stopped with the log flushed to position {End}, but the final counters checkpoint failed; the next start replays the log from the last good checkpoint")]
    private partial void Log_ShutdownCheckpointFailed(long end, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "LogFaulted", Level = LogLevel.Critical, Message = "The event log stopped after an internal failure; stopping the engine so a restart can recover it")]
    private partial void Log_LogFaulted();

    [LoggerMessage(EventId = 7, EventName = "ClusterStopped", Level = LogLevel.Information, Message = "Storage stopped: the counters checkpointed the cluster's event streams ({Checkpoint})")]
    private partial void Log_ClusterStopped(Guid? checkpoint);

    [LoggerMessage(EventId = 4, EventName = "Stopped", Level = LogLevel.Information, Message = "Storage stopped: log flushed to position {End}, counters checkpointed at {Checkpoint}")]
    private partial void Log_Stopped(long end, long checkpoint);
}
