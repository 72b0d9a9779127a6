using System.Diagnostics;
using NeuronEngine.EventLog;

namespace NeuronEngine.Engine.Storage;

internal sealed partial class EngineStorage
{
    /// <summary>
    /// Counters checkpoint, then the log (cutting a torn tail), then the replay of the log from the checkpoint's
    /// position; publishes the writer only once all of it is done, so no append can reach counters still replaying.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            await cluster.RecoverAsync(cancellationToken);
            _ = StopWhenFaultedAsync(cluster.Faulted);
            return;
        }

        var clock = Stopwatch.StartNew();
        var covered = counters.Recover();
        var checkpoint = counters.RecoveredCheckpoint;
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
                checkpoint = null;
            }

            var (batches, events) = await ReplayAsync(options, covered, log.EndPosition, cancellationToken);
            var token = checkpoint?.Token.ToString("N") ?? "none";
            Log_Recovered(
                covered.Offset, batches, events, log.EndPosition.Offset - covered.Offset, log.EndPosition.Offset, token,
                log.TornBytesCut, clock.ElapsedMilliseconds);
        }
        catch
        {
            await log.DisposeAsync();
            throw;
        }

        Volatile.Write(ref writer, log);
        _ = StopWhenFaultedAsync(log.Faulted);
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

    [LoggerMessage(EventId = 2, EventName = "CheckpointAhead", Level = LogLevel.Warning, Message = "Counters checkpoint covers log position {Covered} but the log ends at {End}; rebuilding the counters from the log")]
    private partial void Log_CheckpointAhead(long covered, long end);

    /// <summary>The one line per recovery: what it started from, what it replayed and cut, and how long it took.</summary>
    [LoggerMessage(EventId = 3, EventName = "Recovered", Level = LogLevel.Information,
        Message = "Recovered: checkpoint at log position {CheckpointPosition}, replayed {Batches} batches ({Events} events, {ReplayedBytes} log bytes) up to {EndPosition}; checkpoint used {CheckpointToken}, torn bytes cut {TornBytes}, in {Milliseconds} ms")]
    private partial void Log_Recovered(long checkpointPosition, long batches, long events, long replayedBytes, long endPosition, string checkpointToken, long tornBytes, long milliseconds);
}
