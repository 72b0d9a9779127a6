using System.Globalization;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Training;

/// <summary>
/// The Redis keys of training runs and datasets, in one place because each of the two stores checks the other's
/// records inside its own transaction (a run's datasets exist; a dataset is not used by a live run).
/// </summary>
/// <remarks>
/// <para>Every key is a control-plane key (<see cref="RedisControlPlane.Key(string)"/>), so all share one slot.</para>
/// <list type="table">
/// <item><term><c>{p}:runs</c></term><description>hash: run id → the run as JSON (<see cref="RunDocument"/>), without its manifest, epochs and logs. Run ids are unique across tenants, as trainer calls name only the run.</description></item>
/// <item><term><c>{p}:run-manifests</c></term><description>hash: run id → manifest JSON, for runs that reported one (kept apart so listings do not read up to 1 MiB per run).</description></item>
/// <item><term><c>{p}:run-epochs:&lt;run id&gt;</c></term><description>hash: epoch number → <see cref="EpochDocument"/> JSON.</description></item>
/// <item><term><c>{p}:run-logs:&lt;run id&gt;</c></term><description>list of log lines, oldest first, trimmed to the newest <see cref="RunStore.MaxLogLines"/>.</description></item>
/// <item><term><c>{p}:runs:&lt;tenant&gt;</c></term><description>sorted set, every member scored 0 and ordered by value: <see cref="OrderKey"/> of each of the tenant's runs (ListRuns pages it backwards).</description></item>
/// <item><term><c>{p}:runs-by-template:&lt;tenant&gt;:&lt;template id&gt;</c></term><description>the same, of one template's runs (ListRuns with a template filter).</description></item>
/// <item><term><c>{p}:runs-active:&lt;tenant&gt;</c></term><description>the same, of the tenant's Queued and Running runs (dataset deletes and the versions-per-family limit look here).</description></item>
/// <item><term><c>{p}:runs-queued</c></term><description>the same, of the Queued runs of every tenant: the lease queue, oldest first.</description></item>
/// <item><term><c>{p}:runs-running</c></term><description>set of the run ids of every Running run (lease expiry, work folders).</description></item>
/// <item><term><c>{p}:datasets:&lt;tenant&gt;</c></term><description>hash: dataset id → <see cref="DatasetDocument"/> JSON.</description></item>
/// </list>
/// </remarks>
internal sealed class RedisTrainingKeys(RedisControlPlane plane)
{
    public RedisControlPlane Plane { get; } = plane;

    public RedisKey Runs { get; } = plane.Key("runs");

    public RedisKey Manifests { get; } = plane.Key("run-manifests");

    public RedisKey Queued { get; } = plane.Key("runs-queued");

    public RedisKey Running { get; } = plane.Key("runs-running");

    public RedisKey Epochs(string runId) => Plane.Key("run-epochs", runId);

    public RedisKey Logs(string runId) => Plane.Key("run-logs", runId);

    public RedisKey TenantRuns(string tenant) => Plane.Key("runs", tenant);

    public RedisKey TemplateRuns(string tenant, string templateId) => Plane.Key("runs-by-template", $"{tenant}:{templateId}");

    public RedisKey ActiveRuns(string tenant) => Plane.Key("runs-active", tenant);

    public RedisKey Datasets(string tenant) => Plane.Key("datasets", tenant);

    /// <summary>
    /// A run's member in the ordered sets: its creation time in ticks, 19 digits so text order is time order, then its
    /// id. Ordered by value (every score 0), the sets sort exactly as SQLite's <c>ORDER BY created, run_id</c>; scores,
    /// being doubles, would not hold ticks exactly.
    /// </summary>
    public static RedisValue OrderKey(long createdTicks, string runId) =>
        string.Create(CultureInfo.InvariantCulture, $"{createdTicks:D19}:{runId}");

    /// <summary>The run id in an <see cref="OrderKey"/>.</summary>
    public static string RunIdOf(RedisValue orderKey) => ((string)orderKey!)[20..];
}
