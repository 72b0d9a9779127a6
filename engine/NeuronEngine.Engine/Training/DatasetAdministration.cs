using NeuronEngine.Registry.Training;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// <c>DeleteDataset</c> for every front end (the gRPC TrainingService, the web console): the record first — refused,
/// with the store's message, while a Queued or Running run uses it —, then its file (and in cluster mode its blob's hold).
/// </summary>
internal sealed class DatasetAdministration(IDatasetStore store, DatasetFiles files)
{
    /// <summary>Deletes a dataset and returns its record. Throws InvalidArgument (<c>dataset_id</c>), NotFound, or FailedPrecondition naming the run that uses it.</summary>
    public async Task<UploadedDataset> DeleteAsync(string tenant, string datasetId)
    {
        var deleted = store.Delete(tenant, datasetId);
        await files.DeleteAsync(deleted.Path, deleted.Sha256);
        return deleted;
    }
}
