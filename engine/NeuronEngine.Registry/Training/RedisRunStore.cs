using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Paging;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Training;

/// <summary>Training runs in Redis, cluster mode (see <see cref="IRunStore"/> for the contract).</summary>
/// <remarks>
/// <para>Keys: see <see cref="RedisTrainingKeys"/>. A run is one JSON document in <c>{p}:runs</c> plus its manifest,
/// epochs and logs, and its place in ordered sets: every run of its tenant, of its template, its tenant's live runs,
/// and the lease queue or the running set by status.</para>
/// <para>Every write is one <see cref="RedisControlPlane.Transact{T}"/>: its reads and checks (the lease, the run's
/// status, a dataset's existence, a family's room) are valid at its commit, or it runs again on fresh reads. So two
/// replicas' trainers leasing at once never get the same run, as the SQLite store's write lock ensured on one node.
/// Reads outside transactions that need several keys of one run take them in one MULTI, so they see one state.</para>
/// </remarks>
public sealed partial class RedisRunStore : IRunStore
{
    private readonly RedisControlPlane plane;
    private readonly RedisModelStore models;
    private readonly TimeProvider time;
    private readonly RedisTrainingKeys keys;

    /// <param name="plane">The control plane in Redis.</param>
    /// <param name="models">The model registry on the same plane: a run holds its place in its family, and registers its version as it finishes.</param>
    /// <param name="time">The clock for every recorded time.</param>
    public RedisRunStore(RedisControlPlane plane, RedisModelStore models, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(time);
        this.plane = plane;
        this.models = models;
        this.time = time;
        keys = new RedisTrainingKeys(plane);
    }

    /// <inheritdoc/>
    public TrainingRun Create(string tenant, NewRun run)
    {
        RegistryRules.RequireTenant(tenant);
        RunRules.Validate(run);
        var runId = Guid.CreateVersion7().ToString("N");
        return plane.Transact(write =>
        {
            if (run.TrainDatasetId is not null)
            {
                RedisDatasetStore.Require(write.Read, keys, tenant, run.TrainDatasetId, "train");
                RedisDatasetStore.Require(write.Read, keys, tenant, run.EvalDatasetId!, "eval");
            }

            var created = RunDocument.Queued(tenant, runId, run, time.GetUtcNow());
            HoldVersion(write, created);
            var order = RedisTrainingKeys.OrderKey(created.Created, runId);
            write.HashSet(keys.Runs, runId, TrainingDocuments.Encode(created));
            write.SortedSetAdd(keys.TenantRuns(tenant), order, 0);
            write.SortedSetAdd(keys.TemplateRuns(tenant, run.TemplateId), order, 0);
            write.SortedSetAdd(keys.ActiveRuns(tenant), order, 0);
            write.SortedSetAdd(keys.Queued, order, 0);
            return created.ToRun([], string.Empty);
        });
    }

    /// <inheritdoc/>
    public TrainingRun Get(string tenant, string runId)
    {
        RegistryRules.RequireTenant(tenant);
        RunStore.RequireRunId(runId);
        return plane.Read(db => ReadWhole(db, runId)) is { } whole && whole.Run.Tenant == tenant ? whole.Run : throw RunStore.RunNotFound(runId);
    }

    /// <inheritdoc/>
    public ListPage<TrainingRun> List(string tenant, string? templateId = null, RunStatus? status = null, int? pageSize = null, string? pageToken = null)
    {
        var (size, after) = RunStore.CheckList(tenant, templateId, status, pageSize, pageToken);
        var index = string.IsNullOrEmpty(templateId) ? keys.TenantRuns(tenant) : keys.TemplateRuns(tenant, templateId);
        var runs = plane.Read(db =>
        {
            // Walk the index newest first from the token's key, reading documents a chunk at a time, until one more run
            // than the page holds has matched (so the page knows whether another follows) or the index ends.
            var found = new List<RunDocument>(size + 1);
            var before = after is { } a ? RedisTrainingKeys.OrderKey(a.Created, a.RunId) : RedisValue.Null;
            while (found.Count <= size)
            {
                var take = status is null ? size + 1 - found.Count : 256;
                var chunk = db.SortedSetRangeByValue(index, RedisValue.Null, before, before.IsNull ? Exclude.None : Exclude.Stop, Order.Descending, 0, take);
                var ids = Array.ConvertAll(chunk, o => (RedisValue)RedisTrainingKeys.RunIdOf(o));
                var documents = db.HashGet(keys.Runs, ids);
                for (var i = 0; i < chunk.Length && found.Count <= size; i++)
                {
                    if (TrainingDocuments.DecodeRun(documents[i], (string)ids[i]!) is { } document && (status is null || document.Status == status))
                    {
                        found.Add(document);
                    }
                }

                if (chunk.Length < take)
                {
                    break;
                }

                before = chunk[^1];
            }

            var epochs = ReadEpochs(db, found);
            return found.Select((r, i) => r.ToRun(epochs[i], string.Empty)).ToList();
        });

        if (runs.Count <= size)
        {
            return new ListPage<TrainingRun>(runs, string.Empty);
        }

        runs.RemoveAt(size);
        return new ListPage<TrainingRun>(runs, RunStore.RunToken(runs[^1]));
    }
}
