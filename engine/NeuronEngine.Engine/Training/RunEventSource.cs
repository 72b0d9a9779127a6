using Microsoft.Extensions.Options;
using NeuronEngine.Engine.Storage;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// Where a leased run's trainer reads its events (when it names no uploaded datasets): on one node the engine's own
/// event log up to the run's position; in cluster mode a snapshot of the tenant's Redis stream up to the run's stream
/// position, written into the run's work folder as an event log of its own, so trainers read one format everywhere.
/// </summary>
/// <remarks>
/// Writing a snapshot of millions of events takes longer than a lease lasts, so the engine renews the run's lease
/// itself while it writes (the trainer has not heard of the lease yet).
/// </remarks>
internal sealed class RunEventSource(EngineStorage storage, RunDirectories directories, IRunStore runs, IOptions<TrainingOptions> options)
{
    /// <summary>The log directory and the position to read up to.</summary>
    public async Task<(string Directory, long Position)> PrepareAsync(TrainingRun run, string leaseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (storage.Cluster is not { } cluster || run.Spec.TrainDatasetId is not null)
        {
            return (directories.EventLog, run.Spec.LogPosition);
        }

        var directory = Path.Combine(directories.For(run.RunId), "events");
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keeper = KeepLeaseAsync(run.RunId, leaseId, writing.Token);
        try
        {
            var end = await cluster.WriteSnapshotAsync(run.Tenant, run.Spec.StreamPosition ?? "0-0", directory, writing.Token);
            return (directory, end.Offset);
        }
        finally
        {
            await writing.CancelAsync();
            await keeper;
        }
    }

    private async Task KeepLeaseAsync(string runId, string leaseId, CancellationToken cancellationToken)
    {
        var lease = options.Value.Lease;
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, cancellationToken);
                try
                {
                    runs.Renew(runId, leaseId, null, lease);
                }
                catch (Core.NeuronException)
                {
                    // Redis away or the lease lost: the snapshot's own reads fail the same way, or the trainer finds out.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
