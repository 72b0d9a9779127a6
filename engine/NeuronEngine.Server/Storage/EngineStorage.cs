using System.Diagnostics;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Registry;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Server.Ingest;

namespace NeuronEngine.Server.Storage;

/// <summary>
/// Owns the engine's durable state and its life cycle. Start: migrate the registry, recover the counters'
/// checkpoint, recover the log (cutting a torn tail), replay the log from the checkpoint's position, then take appends.
/// Stop (after the server has drained its calls): flush and close the log, then checkpoint the counters.
/// </summary>
internal sealed partial class EngineStorage(
    IOptions<EventLogOptions> logOptions,
    RegistryDatabase registry,
    CounterStore counters,
    IngestSequencer sequencer,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : IHostedService
{
    private readonly ILogger logger = loggerFactory.CreateLogger<EngineStorage>();
    private EventLogWriter? writer;

    /// <summary>True once recovery finished and while the log takes appends.</summary>
    public bool IsReady => Volatile.Read(ref writer) is { IsFaulted: false };

    /// <summary>The log writer; UNAVAILABLE while the engine is still recovering or already stopped.</summary>
    public EventLogWriter Log => Volatile.Read(ref writer) ?? throw NeuronException.Unavailable("the engine is not ready: storage is recovering or shut down");

    /// <summary>The counters and user histories.</summary>
    public CounterStore Counters => counters;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Log_RegistryReady(registry.DatabasePath, registry.SchemaVersion);
        var covered = counters.Recover();
        var options = logOptions.Value;
        var log = await EventLogWriter.OpenAsync(options, loggerFactory.CreateLogger<EventLogWriter>(), sequencer, time, cancellationToken);
        try
        {
            if (covered > log.EndPosition)
            {
                // The checkpoint counts events the log no longer has (a repaired log, or a policy weaker than
                // "always" that lost its unsynced tail): the counters must be rebuilt from the log alone.
                Log_CheckpointAhead(covered.Offset, log.EndPosition.Offset);
                counters.Reset();
                covered = LogPosition.Start;
            }

            var (batches, events) = await ReplayAsync(options, covered, log.EndPosition, cancellationToken);
            Log_Recovered(covered.Offset, log.EndPosition.Offset, batches, events, clock.ElapsedMilliseconds);
        }
        catch
        {
            await log.DisposeAsync();
            throw;
        }

        Volatile.Write(ref writer, log);
        _ = StopWhenFaultedAsync(log);
    }

    /// <summary>
    /// A log that stopped after an internal failure takes no more events: report it once, exit non-zero and let the
    /// supervisor restart the engine, whose recovery settles the log and the counters.
    /// </summary>
    private async Task StopWhenFaultedAsync(EventLogWriter log)
    {
        await Task.WhenAny(log.Faulted, Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping));
        if (log.IsFaulted && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Log_LogFaulted();
            Environment.ExitCode = EngineHost.ExitFailure;
            lifetime.StopApplication();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
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
    /// Checkpoints the counters at a quiet point of the log's loop, so the checkpoint covers exactly the log up to
    /// the position it records; the log is durable up to that position before the action runs, so a checkpoint
    /// never covers events that are not on disk.
    /// </summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> only withdraws a checkpoint still waiting for its turn: once FASTER has
    /// started one it runs to the end, since an abandoned FASTER checkpoint blocks every later one.
    /// </remarks>
    public async Task<CheckpointInfo> CheckpointAsync(CancellationToken cancellationToken)
    {
        CheckpointInfo? info = null;
        await Log.RunExclusiveAsync(async (_, _) => info = await counters.CheckpointAsync(CancellationToken.None), cancellationToken);
        return info!;
    }

    private async Task<(long Batches, long Events)> ReplayAsync(EventLogOptions options, LogPosition from, LogPosition to, CancellationToken cancellationToken)
    {
        long batches = 0, events = 0;
        if (from >= to)
        {
            return (0, 0);
        }

        var reader = new EventLogReader(options.Directory);
        await foreach (var entry in reader.ReadAsync(from, to, cancellationToken))
        {
            counters.Apply(entry.Batch, entry.Next);
            batches++;
            events += entry.Batch.Events.Length;
        }

        return (batches, events);
    }

    [LoggerMessage(EventId = 1, EventName = "RegistryReady", Level = LogLevel.Information, Message = "Registry {Path} at schema version {Version}")]
    private partial void Log_RegistryReady(string path, int version);

    [LoggerMessage(EventId = 2, EventName = "CheckpointAhead", Level = LogLevel.Warning, Message = "Counters checkpoint covers log position {Covered} but the log ends at {End}; rebuilding the counters from the log")]
    private partial void Log_CheckpointAhead(long covered, long end);

    [LoggerMessage(EventId = 3, EventName = "Recovered", Level = LogLevel.Information, Message = "Recovered: checkpoint at log position {From}, replayed {Batches} batches ({Events} events) up to {To} in {Milliseconds} ms")]
    private partial void Log_Recovered(long from, long to, long batches, long events, long milliseconds);

    [LoggerMessage(EventId = 5, EventName = "ShutdownCheckpointFailed", Level = LogLevel.Error, Message = "Storage stopped with the log flushed to position {End}, but the final counters checkpoint failed; the next start replays the log from the last good checkpoint")]
    private partial void Log_ShutdownCheckpointFailed(long end, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "LogFaulted", Level = LogLevel.Critical, Message = "The event log stopped after an internal failure; stopping the engine so a restart can recover it")]
    private partial void Log_LogFaulted();

    [LoggerMessage(EventId = 4, EventName = "Stopped", Level = LogLevel.Information, Message = "Storage stopped: log flushed to position {End}, counters checkpointed at {Checkpoint}")]
    private partial void Log_Stopped(long end, long checkpoint);
}
