using NeuronEngine.Core;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// The uploaded datasets of a run just leased, as paths in this replica's data directory for the trainer beside it. In
/// cluster mode a file another replica took the upload of is fetched from Redis first; one that cannot be had (its blob
/// missing or corrupt) fails the run with the reason, so no trainer is handed a run it cannot train.
/// </summary>
internal sealed class LeaseDatasets(IDatasetStore datasets, DatasetFiles files, IRunStore runs, RunChanges changes, TrainingMetrics metrics)
{
    /// <summary>The train and eval paths (empty for a run without one), or null when the run was failed for a dataset it cannot have.</summary>
    /// <exception cref="NeuronException">Unavailable when Redis cannot be reached: the run stays leased and its lease runs out as a lost trainer's would.</exception>
    public async Task<(string Train, string Eval)?> PrepareAsync(LeasedRun leased, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leased);
        var run = leased.Run;
        try
        {
            var train = run.Spec.TrainDatasetId is { } trainId ? await files.LocalPathAsync(datasets.Get(run.Tenant, trainId), cancellationToken) : string.Empty;
            var eval = run.Spec.EvalDatasetId is { } evalId ? await files.LocalPathAsync(datasets.Get(run.Tenant, evalId), cancellationToken) : string.Empty;
            return (train, eval);
        }
        catch (NeuronException ex) when (ex.Kind == ErrorKind.DataLoss)
        {
            var failed = runs.Complete(run.RunId, leased.LeaseId, new RunCompletion(RunStatus.Failed, ex.Message));
            changes.Changed(run.RunId);
            metrics.Finished(failed);
            return null;
        }
    }
}
