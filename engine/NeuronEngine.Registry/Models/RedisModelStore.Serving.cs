using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class RedisModelStore
{
    /// <inheritdoc/>
    public IReadOnlyList<ServingEndpoint> ListServingEndpoints() => plane.Read(db =>
    {
        var serving = new List<ServingEndpoint>();
        foreach (var tenant in db.SetMembers(endpointTenants).Select(t => (string)t!).Order(StringComparer.Ordinal))
        {
            var endpoints = db.HashGetAll(EndpointsKey(tenant))
                .Select(entry => (Name: (string)entry.Name!, Doc: Decode(entry.Value, Json.Default.EndpointDoc)!))
                .OrderBy(e => e.Name, StringComparer.Ordinal);
            foreach (var (name, endpoint) in endpoints)
            {
                if (endpoint.Status is ModelEndpointStatus.InService or ModelEndpointStatus.Updating or ModelEndpointStatus.Failed
                    && ServedVersion(endpoint) is { } version
                    && ReadVersionDoc(db, version.Family, version.Version) is { } stored)
                {
                    serving.Add(new ServingEndpoint(tenant, name, version, stored.ArtifactPath));
                }
            }
        }

        return serving;
    });

    /// <inheritdoc/>
    public void RecordServingLoad(string tenant, string endpoint, string? error)
    {
        RegistryRules.RequireTenant(tenant);
        var now = time.GetUtcNow().UtcTicks;
        plane.Transact(write =>
        {
            var current = ReadEndpointDoc(write.Read, tenant, endpoint);
            var changed = error is not null
                ? current is { Version: not null } ? current with { Status = ModelEndpointStatus.Failed, Since = now, LastError = Truncate(error) } : null
                : current is { Status: ModelEndpointStatus.Failed } ? current with { Status = ModelEndpointStatus.InService, Since = now, LastError = null } : null;
            if (changed is not null)
            {
                write.HashSet(EndpointsKey(tenant), endpoint, Encode(changed, Json.Default.EndpointDoc));
            }
        });
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>As on one node, this fails every promotion in flight: the ones the open set lists whose endpoint is still
    /// Updating to them.</para>
    /// <para>With several replicas that is wrong. A replica that restarts while another, live replica is promoting
    /// would fail that promotion: the endpoint goes back to its old version in the store while the promoting replica
    /// goes on loading the new one, and its <see cref="CompletePromotion"/> is then refused as already finished. The
    /// fix: record on each promotion the replica that began it (an id each engine process draws at start) and recover
    /// only one's own, plus those of replicas known to be gone (a heartbeat key with a TTL per replica, absent once it
    /// lapses), so a promotion whose replica died is still failed by whichever replica starts or notices first.</para>
    /// </remarks>
    public IReadOnlyList<PromotionTicket> RecoverInterruptedPromotions()
    {
        var now = time.GetUtcNow();
        return plane.Transact(write =>
        {
            var tickets = new List<PromotionTicket>();
            var audit = new AuditWriter(this, write);
            foreach (var member in write.Read.SortedSetRangeByRank(openPromotions))
            {
                var id = (long)member;
                if (ReadPromotionDoc(write.Read, id) is not { Result: null } stored
                    || ReadEndpointDoc(write.Read, stored.Tenant, stored.Endpoint) is not { Status: ModelEndpointStatus.Updating } endpoint
                    || endpoint.PromotionId != id)
                {
                    continue;
                }

                var promotion = ToPromotion(id, stored);
                Finish(write, audit, id, stored, succeeded: false, ModelStore.RestartedError, InterruptedDuration(promotion, now), now);
                tickets.Add(new PromotionTicket(
                    id, stored.Tenant, stored.Endpoint, promotion.Target, ModelStore.ArtifactPathFor(promotion.Target.Family, promotion.Target.Version),
                    promotion.Previous, promotion.Requested));
            }

            return tickets;
        });
    }
}
