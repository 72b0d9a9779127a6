using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Training;

/// <summary>The records of uploaded datasets in Redis, cluster mode (see <see cref="IDatasetStore"/> for the contract).</summary>
/// <remarks>
/// Keys (see <see cref="RedisTrainingKeys"/>): <c>{p}:datasets:&lt;tenant&gt;</c>, a hash of dataset id →
/// <see cref="DatasetDocument"/> JSON. A delete reads the tenant's live runs (<c>{p}:runs-active:&lt;tenant&gt;</c>
/// and <c>{p}:runs</c>) in its transaction, and <see cref="RedisRunStore.Create"/> reads this hash in its own: both are
/// <see cref="RedisControlPlane.Transact{T}"/>s over the same revision, so a run never names a deleted dataset, across
/// replicas too.
/// </remarks>
public sealed class RedisDatasetStore : IDatasetStore
{
    private readonly RedisControlPlane plane;
    private readonly TimeProvider time;
    private readonly RedisTrainingKeys keys;

    public RedisDatasetStore(RedisControlPlane plane, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(time);
        this.plane = plane;
        this.time = time;
        keys = new RedisTrainingKeys(plane);
    }

    /// <inheritdoc/>
    public void CheckNew(string tenant, string datasetId, string? description)
    {
        DatasetStore.CheckHeader(tenant, datasetId, description);
        if (plane.Read(db => db.HashExists(keys.Datasets(tenant), datasetId)))
        {
            throw DatasetStore.AlreadyExists(datasetId);
        }
    }

    /// <inheritdoc/>
    public UploadedDataset Add(string tenant, string datasetId, string? description, string path, long events, long users, long items, long bytes, string sha256)
    {
        DatasetStore.CheckArguments(tenant, datasetId, description, path, sha256);
        return plane.Transact(write =>
        {
            if (write.Read.HashExists(keys.Datasets(tenant), datasetId))
            {
                throw DatasetStore.AlreadyExists(datasetId);
            }

            var dataset = new DatasetDocument
            {
                DatasetId = datasetId,
                Description = description ?? string.Empty,
                Path = path,
                Events = events,
                Users = users,
                Items = items,
                Bytes = bytes,
                Sha256 = sha256,
                Created = time.GetUtcNow().UtcTicks,
            };
            write.HashSet(keys.Datasets(tenant), datasetId, TrainingDocuments.Encode(dataset));
            return dataset.ToDataset();
        });
    }

    /// <inheritdoc/>
    public UploadedDataset Get(string tenant, string datasetId)
    {
        DatasetStore.CheckId(tenant, datasetId);
        return plane.Read(db => Read(db, keys, tenant, datasetId)) ?? throw DatasetStore.NotFound(datasetId);
    }

    /// <inheritdoc/>
    public IReadOnlyList<UploadedDataset> List(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        var entries = plane.Read(db => db.HashGetAll(keys.Datasets(tenant)));
        return [.. entries
            .Select(e => TrainingDocuments.DecodeDataset(e.Value, tenant, e.Name!)!.ToDataset())
            .OrderBy(d => d.DatasetId, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public UploadedDataset Delete(string tenant, string datasetId)
    {
        DatasetStore.CheckId(tenant, datasetId);
        return plane.Transact(write =>
        {
            var dataset = Read(write.Read, keys, tenant, datasetId) ?? throw DatasetStore.NotFound(datasetId);
            if (RedisRunStore.ReadActive(write.Read, keys, tenant).FirstOrDefault(r => r.TrainDatasetId == datasetId || r.EvalDatasetId == datasetId) is { } user)
            {
                throw DatasetStore.InUse(datasetId, user.RunId, user.Status);
            }

            write.HashDelete(keys.Datasets(tenant), datasetId);
            return dataset;
        });
    }

    /// <summary>
    /// Throws NotFound unless the dataset exists; <paramref name="role"/> (train, eval) goes in the message. Call with
    /// the reads of the transaction that depends on it.
    /// </summary>
    internal static void Require(IDatabase read, RedisTrainingKeys keys, string tenant, string datasetId, string role)
    {
        if (!read.HashExists(keys.Datasets(tenant), datasetId))
        {
            throw DatasetStore.NotFound(datasetId, role);
        }
    }

    private static UploadedDataset? Read(IDatabase read, RedisTrainingKeys keys, string tenant, string datasetId) =>
        TrainingDocuments.DecodeDataset(read.HashGet(keys.Datasets(tenant), datasetId), tenant, datasetId)?.ToDataset();
}
