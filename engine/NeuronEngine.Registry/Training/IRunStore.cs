using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Paging;

namespace NeuronEngine.Registry.Training;

/// <summary>
/// Training runs: the queue trainers lease from, their progress, epochs and logs, and how they end. A run that
/// succeeds registers its model version together with the change that finishes it.
/// </summary>
/// <remarks>
/// <para>Thread-safe, and safe across replicas sharing one store: every write is one serializable transaction, so two
/// trainers leasing at once never get the same run, and a lease check and the write that depends on it see the same
/// state. Run ids are unique across tenants: trainer calls name a run and its lease only. A lease is held while the run
/// is Running, the lease id matches and its expiry has not passed; anything else is refused with FailedPrecondition, so
/// a trainer that lost its lease (expired, or revoked by a forced stop) can no longer change the run.</para>
/// <para>Served by <see cref="RunStore"/> (SQLite, one node) and <see cref="RedisRunStore"/> (Redis, cluster mode).
/// <see cref="NewRun.StreamPosition"/> is kept by the Redis store only: the SQLite store returns it as null.</para>
/// </remarks>
public interface IRunStore
{
    /// <summary>
    /// Queues a run. Throws InvalidArgument naming the field (see <see cref="RunRules.Validate"/>), NotFound when a
    /// named dataset does not exist (checked in the same transaction, so a concurrent delete cannot slip between), or
    /// ResourceExhausted when the run's family has no room for the version it would register
    /// (<see cref="RegistryLimits.VersionsPerFamily"/>, counting queued and running runs of the family).
    /// </summary>
    TrainingRun Create(string tenant, NewRun run);

    /// <summary>Returns one of the tenant's runs. Throws InvalidArgument (<c>run_id</c>) or NotFound.</summary>
    TrainingRun Get(string tenant, string runId);

    /// <summary>
    /// One page of the tenant's runs, newest first (by creation time, then run id), optionally of one template and/or in
    /// one status, each without its manifest (up to 1 MiB each; <see cref="Get"/> has it). <paramref name="pageSize"/> is
    /// 1–<see cref="RunStore.MaxPageSize"/>, null for <see cref="RunStore.DefaultPageSize"/>; <paramref name="pageToken"/>
    /// is empty for the first page, else the previous page's next token. Throws InvalidArgument (<c>template_id</c>,
    /// <c>status</c>, <c>page_size</c>, <c>page_token</c>).
    /// </summary>
    ListPage<TrainingRun> List(string tenant, string? templateId = null, RunStatus? status = null, int? pageSize = null, string? pageToken = null);

    /// <summary>
    /// Leases the oldest Queued run of any tenant (by creation time, then run id) to <paramref name="holder"/>: it
    /// becomes Running under a new lease that lasts <paramref name="duration"/>. Returns null when nothing is queued.
    /// Throws InvalidArgument (<c>trainer_id</c>).
    /// </summary>
    LeasedRun? LeaseNext(string holder, TimeSpan duration);

    /// <summary>Returns the run when <paramref name="leaseId"/> is its current lease. Throws NotFound, or FailedPrecondition when the lease is no longer held.</summary>
    TrainingRun GetLeased(string runId, string leaseId);

    /// <summary>
    /// Extends the lease to <paramref name="duration"/> from now and records <paramref name="progress"/> (when given).
    /// Returns whether StopRun asked for the run to end. Throws NotFound, or FailedPrecondition when the lease is no longer held.
    /// </summary>
    bool Renew(string runId, string leaseId, RunProgress? progress, TimeSpan duration);

    /// <summary>
    /// Records one finished epoch, 1 to the run's planned epochs (reporting the same epoch again replaces it, so a retried
    /// call is harmless). Throws InvalidArgument (<c>epoch.*</c>), NotFound or FailedPrecondition when the lease is no longer held.
    /// </summary>
    void AppendEpoch(string runId, string leaseId, RunEpoch epoch);

    /// <summary>
    /// Appends log lines (each cut to <see cref="RunStore.MaxLogLineLength"/>), keeping only the newest
    /// <see cref="RunStore.MaxLogLines"/> of the run. Throws NotFound or FailedPrecondition when the lease is no longer held.
    /// </summary>
    void AppendLogs(string runId, string leaseId, IReadOnlyList<string> lines);

    /// <summary>
    /// The run's log lines, oldest first: the newest of the <see cref="RunStore.MaxLogLines"/> kept that fit in
    /// <see cref="RunStore.MaxLogResponseBytes"/>. Throws InvalidArgument or NotFound.
    /// </summary>
    IReadOnlyList<string> GetLogs(string tenant, string runId);

    /// <summary>
    /// Ends a run under its lease. Succeeded and EarlyStopped register the version Pending (named
    /// <see cref="TrainingRun.VersionName"/>, in the run's family, with the final metrics and manifest) in the same
    /// transaction that finishes the run; Failed and Stopped register nothing. If registration fails, neither happens
    /// and the run stays Running.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="leaseId">Its current lease.</param>
    /// <param name="completion">How it ended.</param>
    /// <param name="placeArtifact">
    /// For Succeeded and EarlyStopped: moves the checked artifact to <see cref="ModelStore.ArtifactPathFor"/> for the
    /// version number it is given. When it runs differs by store, and so does what its throw means:
    /// <list type="bullet">
    /// <item><see cref="RunStore"/> (SQLite) calls it under the registry's write lock as the transaction's last step
    /// before the commit: a throw rolls everything back, the run stays Running and the exception propagates.</item>
    /// <item><see cref="RedisRunStore"/> calls it once after the commit, with the committed number (an optimistic
    /// transaction may run its body several times, so it cannot act inside one): a throw propagates, but the run is
    /// finished and the version registered already; in cluster mode the artifact is kept in Redis and placed on a
    /// replica's disk on demand, so the callback is a local cache fill.</item>
    /// </list>
    /// </param>
    /// <exception cref="Core.NeuronException">InvalidArgument (<c>status</c>, <c>final_metrics</c>, <c>manifest</c>), NotFound,
    /// FailedPrecondition when the lease is no longer held, or ResourceExhausted when the family has no room for the
    /// version (<see cref="RegistryLimits.VersionsPerFamily"/> lowered since the run started, say).</exception>
    TrainingRun Complete(string runId, string leaseId, RunCompletion completion, Action<int>? placeArtifact = null);

    /// <summary>
    /// StopRun's first step. A Queued run is Stopped at once; a Running one is marked so its trainer's next renewal
    /// hears it should stop (asking twice is harmless). Throws NotFound, or FailedPrecondition naming the status of a
    /// run that already finished.
    /// </summary>
    TrainingRun RequestStop(string tenant, string runId);

    /// <summary>
    /// StopRun's last resort for a trainer that did not end the run in time: a Running run becomes Stopped with
    /// <paramref name="reason"/> as its error and its lease revoked, so a late report from that trainer is refused.
    /// A run that already finished is returned as it is. Throws NotFound.
    /// </summary>
    TrainingRun ForceStop(string tenant, string runId, string reason);

    /// <summary>The ids of every Running run, of any tenant (to keep their work folders).</summary>
    IReadOnlySet<string> RunningIds();

    /// <summary>
    /// Fails every Running run whose lease has run out, with an error naming its trainer and the expiry, and returns
    /// them. Such a run is not queued again: a run that killed its trainer (out of memory, say) would kill the next one too.
    /// </summary>
    IReadOnlyList<TrainingRun> ExpireLeases();
}
