namespace NeuronEngine.Registry.Training;

/// <summary>The records of uploaded datasets; the files themselves are the server's to write and delete.</summary>
/// <remarks>
/// Thread-safe, and safe across replicas sharing one store. Deleting checks for Queued or Running runs in the same
/// transaction that deletes, and <see cref="IRunStore.Create"/> checks the datasets exist in its transaction, so a run
/// never names a deleted dataset. Served by <see cref="DatasetStore"/> (SQLite) and <see cref="RedisDatasetStore"/> (Redis).
/// </remarks>
public interface IDatasetStore
{
    /// <summary>Checks an upload's header before its bytes are received: InvalidArgument (<c>dataset_id</c>, <c>description</c>) or AlreadyExists.</summary>
    void CheckNew(string tenant, string datasetId, string? description);

    /// <summary>Records a dataset whose file is in place. Throws InvalidArgument or AlreadyExists (an upload of the same id finished first).</summary>
    UploadedDataset Add(string tenant, string datasetId, string? description, string path, long events, long users, long items, long bytes, string sha256);

    /// <summary>Returns one dataset. Throws InvalidArgument (<c>dataset_id</c>) or NotFound.</summary>
    UploadedDataset Get(string tenant, string datasetId);

    /// <summary>The tenant's datasets ordered by id.</summary>
    IReadOnlyList<UploadedDataset> List(string tenant);

    /// <summary>
    /// Deletes the record and returns it, so the caller can delete the file. Throws NotFound, or FailedPrecondition
    /// naming a Queued or Running run that uses it (the oldest, when several do).
    /// </summary>
    UploadedDataset Delete(string tenant, string datasetId);
}
