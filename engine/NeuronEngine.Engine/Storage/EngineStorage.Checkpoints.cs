using System.Diagnostics;
using NeuronEngine.Counters;

namespace NeuronEngine.Engine.Storage;

internal sealed partial class EngineStorage
{
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
        await checkpoints.WaitAsync(cancellationToken);
        try
        {
            return (await CheckpointOnLoopAsync(cancellationToken)).Checkpoint;
        }
        finally
        {
            checkpoints.Release();
        }
    }

    /// <summary>
    /// Takes a fresh checkpoint (ingest waits only for that), then runs <paramref name="useFiles"/> while no other
    /// checkpoint can start, so none deletes or extends the files of this one while they are read.
    /// </summary>
    /// <param name="useFiles">Given the quiet point: the log's end, the checkpoint taken there and how long ingest waited.</param>
    /// <param name="cancellationToken">Withdraws the request while it waits; passed on to <paramref name="useFiles"/>.</param>
    public async Task<T> WithFreshCheckpointAsync<T>(Func<QuietPoint, CancellationToken, Task<T>> useFiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(useFiles);
        await checkpoints.WaitAsync(cancellationToken);
        try
        {
            var point = await CheckpointOnLoopAsync(cancellationToken);
            return await useFiles(point, cancellationToken);
        }
        finally
        {
            checkpoints.Release();
        }
    }

    private async Task<QuietPoint> CheckpointOnLoopAsync(CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            // Between two applications of the streams' entries; Redis holds the events themselves.
            var started = Stopwatch.GetTimestamp();
            var info = await cluster.CheckpointAsync(cancellationToken);
            return new QuietPoint(EventLog.LogPosition.Start, info, Stopwatch.GetElapsedTime(started));
        }

        QuietPoint? point = null;
        await Log.RunExclusiveAsync(
            async (end, _) =>
            {
                var started = Stopwatch.GetTimestamp();
                var info = await counters.CheckpointAsync(CancellationToken.None);
                point = new QuietPoint(end, info, Stopwatch.GetElapsedTime(started));
            },
            cancellationToken);
        return point!;
    }
}
