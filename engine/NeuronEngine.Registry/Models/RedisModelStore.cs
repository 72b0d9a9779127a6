using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Models;

/// <summary>The model registry in Redis, cluster mode (see <see cref="IModelStore"/> for the contract).</summary>
/// <remarks>
/// <para>Keys, all under the control plane's hash tag <c>{p}</c> (values are JSON documents unless said otherwise):</para>
/// <list type="bullet">
/// <item><c>{p}:model-families:&lt;owner&gt;</c> hash: family name → created time and latest version number.</item>
/// <item><c>{p}:model-versions:&lt;owner&gt;:&lt;family&gt;</c> hash: version number → the version. Numbers run 1..latest
/// without gaps (versions are never deleted), so paging walks numbers down, no index needed.</item>
/// <item><c>{p}:model-version-holds:&lt;owner&gt;:&lt;family&gt;</c> set: ids of queued or running runs that will register
/// a version there and so count under <see cref="RegistryLimits.VersionsPerFamily"/>; the run store keeps it (see
/// <see cref="QueueVersionHold"/>).</item>
/// <item><c>{p}:model-endpoints:&lt;tenant&gt;</c> hash: endpoint name → what it serves, its status and the promotion in flight.</item>
/// <item><c>{p}:model-endpoint-tenants</c> set: tenants with at least one endpoint, for the start-up listing.</item>
/// <item><c>{p}:model-promotions</c> hash: promotion id → the promotion (ids are unique across tenants).</item>
/// <item><c>{p}:model-promotion-last</c> string: the last promotion id issued.</item>
/// <item><c>{p}:model-endpoint-promotions:&lt;tenant&gt;:&lt;endpoint&gt;</c> sorted set: an endpoint's promotion ids, scored by id.</item>
/// <item><c>{p}:model-promotions-open</c> sorted set: ids of promotions begun and not finished, scored by id.</item>
/// <item><c>{p}:model-audit:&lt;tenant&gt;</c> sorted set: audit entries (the JSON, id included) scored by their id.</item>
/// </list>
/// <para>Every write is one <see cref="RedisControlPlane.Transact{T}"/>, serializable against every other replica's, so
/// numbering, limits and the Updating check hold across replicas as SQLite's write lock made them hold on one node.
/// Since every key shares one slot, a transaction may touch another tenant's keys: an endpoint of tenant A serving
/// <c>shared/x</c>, or a run of the run store finishing with the version it registers.</para>
/// <para>Cluster notes: <see cref="RecoverInterruptedPromotions"/> fails every promotion in flight, including one
/// another live replica is running; with several replicas it must only recover the caller's own (see its docs).</para>
/// </remarks>
public sealed partial class RedisModelStore : IModelStore
{
    private readonly RedisControlPlane plane;
    private readonly TimeProvider time;
    private readonly RegistryLimits limits;
    private readonly RedisKey endpointTenants;
    private readonly RedisKey promotions;
    private readonly RedisKey lastPromotion;
    private readonly RedisKey openPromotions;

    /// <param name="plane">The control plane in Redis.</param>
    /// <param name="time">The clock for every recorded time.</param>
    /// <param name="limits">How many endpoints a tenant and versions a family may have; none when null.</param>
    public RedisModelStore(RedisControlPlane plane, TimeProvider time, IOptions<RegistryLimits>? limits = null)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(time);
        this.plane = plane;
        this.time = time;
        this.limits = limits?.Value ?? new RegistryLimits();
        endpointTenants = plane.Key("model-endpoint-tenants");
        promotions = plane.Key("model-promotions");
        lastPromotion = plane.Key("model-promotion-last");
        openPromotions = plane.Key("model-promotions-open");
    }

    private RedisKey FamiliesKey(string owner) => plane.Key("model-families", owner);

    private RedisKey VersionsKey(FamilyRef family) => plane.Key("model-versions", $"{family.OwnerTenant}:{family.Name}");

    private RedisKey HoldsKey(FamilyRef family) => plane.Key("model-version-holds", $"{family.OwnerTenant}:{family.Name}");

    private RedisKey EndpointsKey(string tenant) => plane.Key("model-endpoints", tenant);

    private RedisKey EndpointPromotionsKey(string tenant, string endpoint) => plane.Key("model-endpoint-promotions", $"{tenant}:{endpoint}");

    private RedisKey AuditKey(string tenant) => plane.Key("model-audit", tenant);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private static DateTimeOffset? Time(long? ticks) => ticks is { } value ? new DateTimeOffset(value, TimeSpan.Zero) : null;

    private static RedisValue Number(long number) => number.ToString(CultureInfo.InvariantCulture);

    private static string Encode<T>(T document, JsonTypeInfo<T> type) => JsonSerializer.Serialize(document, type);

    /// <summary>A stored document, or null for a missing one; one that does not parse was damaged outside the engine.</summary>
    private static T? Decode<T>(RedisValue value, JsonTypeInfo<T> type)
        where T : class
    {
        if (value.IsNull)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((string)value!, type)
                ?? throw new JsonException("null document");
        }
        catch (JsonException ex)
        {
            throw NeuronException.DataLoss($"a model registry record in Redis is unreadable ({typeof(T).Name})", ex);
        }
    }
}
