using System.Diagnostics;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Registry;
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
    TimeProvider time) : IHostedService
{
    private readonly ILogger logger = loggerFactory.CreateLogger<EngineStorage>();
    private EventLogWriter? writer;

    /// <summary>True once recovery finished and the log takes appends.</summary>
    public bool IsReady => Volatile.Read(ref writer) is not null;

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
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var log = Interlocked.Exchange(ref writer, null);
        if (log is null)
        {
            return;
        }

        await log.DisposeAsync();
        var checkpoint = await counters.CheckpointAsync(cancellationToken);
        Log_Stopped(log.EndPosition.Offset, checkpoint.Position.Offset);
    }

    /// <summary>
    /// Checkpoints the counters at a quiet point of the log's loop, so the checkpoint covers exactly the log up to
    /// the position it records. The log is flushed first: a checkpoint never covers events that are not on disk.
    /// </summary>
    public async Task<CheckpointInfo> CheckpointAsync(CancellationToken cancellationToken)
    {
        var log = Log;
        await log.FlushAsync(cancellationToken);
        CheckpointInfo? info = null;
        await log.RunExclusiveAsync(async (_, ct) => info = await counters.CheckpointAsync(ct), cancellationToken);
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

    [LoggerMessage(EventId = 4, EventName = "Stopped", Level = LogLevel.Information, Message = "Storage stopped: log flushed to position {End}, counters checkpointed at {Checkpoint}")]
    private partial void Log_Stopped(long end, long checkpoint);
}
