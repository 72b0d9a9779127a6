using NeuronEngine.Engine.Storage;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// Where a leased run's trainer reads its events (when it names no uploaded datasets): on one node the engine's own
/// event log up to the run's position; in cluster mode a snapshot of the tenant's Redis stream up to the run's stream
/// position, written into the run's work folder as an event log of its own, so trainers read one format everywhere.
/// </summary>
internal sealed class RunEventSource(EngineStorage storage, RunDirectories directories)
{
    /// <summary>The log directory and the position to read up to.</summary>
    public async Task<(string Directory, long Position)> PrepareAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (storage.Cluster is not { } cluster || run.Spec.TrainDatasetId is not null)
        {
            return (directories.EventLog, run.Spec.LogPosition);
        }

        var directory = Path.Combine(directories.For(run.RunId), "events");
        var end = await cluster.WriteSnapshotAsync(run.Tenant, run.Spec.StreamPosition ?? "0-0", directory, cancellationToken);
        return (directory, end.Offset);
    }
}
