using NeuronEngine.Registry.Redis;
using StackExchange.Redis;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class RedisModelStore
{
    /// <inheritdoc/>
    public ModelEndpoint GetEndpoint(string tenant, string? endpoint = null)
    {
        RegistryRules.RequireTenant(tenant);
        var name = EndpointName(endpoint);
        return plane.Read(db => ToEndpoint(db, name, ReadEndpointDoc(db, tenant, name)));
    }

    /// <inheritdoc/>
    public PromotionTicket BeginPromotion(string tenant, string? endpoint, FamilyRef family, int version, string actor)
    {
        RequireVisible(tenant, family);
        var name = EndpointName(endpoint);
        RequireVersionNumber(version);
        RegistryRules.Check("actor", ModelRules.ValidateActor(actor));

        var now = time.GetUtcNow();
        return plane.Transact(write =>
        {
            var target = ReadVersion(write.Read, family, version) ?? throw VersionNotFound(family, version);
            if (target.Status != ModelVersionStatus.Approved)
            {
                throw NotApproved(family, version);
            }

            var stored = ReadEndpointDoc(write.Read, tenant, name);
            var current = ToEndpoint(write.Read, name, stored);
            if (current.Status == ModelEndpointStatus.Updating)
            {
                throw AlreadyUpdating(current);
            }

            RequireEndpointRoom(write.Read, tenant, current);

            var id = ((long?)write.Read.StringGet(lastPromotion) ?? 0) + 1;
            var previous = current.Serving;
            var promotion = new PromotionDoc(
                tenant, name, family.OwnerTenant, family.Name, version,
                previous?.Family.OwnerTenant, previous?.Family.Name, previous?.Version,
                actor, now.UtcTicks, Finished: null, Result: null, Error: null, DurationMs: null);
            write.StringSet(lastPromotion, id);
            write.HashSet(promotions, id, Encode(promotion, Json.Default.PromotionDoc));
            write.SortedSetAdd(EndpointPromotionsKey(tenant, name), id, id);
            write.SortedSetAdd(openPromotions, id, id);

            // A new endpoint serves nothing yet; one that exists keeps what it serves and its last error until the end.
            var updating = stored is null
                ? new EndpointDoc(null, null, null, ModelEndpointStatus.Updating, now.UtcTicks, null, id)
                : stored with { Status = ModelEndpointStatus.Updating, Since = now.UtcTicks, PromotionId = id };
            write.HashSet(EndpointsKey(tenant), name, Encode(updating, Json.Default.EndpointDoc));
            write.SetAdd(endpointTenants, tenant);
            return new PromotionTicket(id, tenant, name, target.Ref, target.ArtifactPath, previous, now);
        });
    }

    /// <inheritdoc/>
    public ModelEndpoint CompletePromotion(long promotionId, bool succeeded, string? error, long durationMs)
    {
        RequireDuration(durationMs);
        var now = time.GetUtcNow();
        return plane.Transact(write =>
        {
            var promotion = ReadPromotionDoc(write.Read, promotionId) ?? throw PromotionNotFound(promotionId);
            if (promotion.Result is { } result)
            {
                throw PromotionFinished(promotionId, result);
            }

            var endpoint = Finish(write, new AuditWriter(this, write), promotionId, promotion, succeeded, error, durationMs, now);
            return ToEndpoint(write.Read, promotion.Endpoint, endpoint);
        });
    }

    /// <summary>
    /// Queues the end of a promotion: its result, the endpoint's new state and the audit entry. Returns the endpoint as
    /// it will be after the commit.
    /// </summary>
    private EndpointDoc? Finish(
        RedisWrite write, AuditWriter audit, long promotionId, PromotionDoc promotion, bool succeeded, string? error, long durationMs, DateTimeOffset now)
    {
        error = PromotionError(succeeded, error);
        var finished = promotion with
        {
            Finished = now.UtcTicks,
            Result = succeeded ? PromotionResult.Succeeded : PromotionResult.Failed,
            Error = error,
            DurationMs = durationMs,
        };
        write.HashSet(promotions, promotionId, Encode(finished, Json.Default.PromotionDoc));
        write.SortedSetRemove(openPromotions, promotionId);

        var endpoint = ReadEndpointDoc(write.Read, promotion.Tenant, promotion.Endpoint);
        if (endpoint is not null)
        {
            endpoint = succeeded
                ? endpoint with
                {
                    Owner = promotion.Owner, Family = promotion.Family, Version = promotion.Version,
                    Status = ModelEndpointStatus.InService, Since = now.UtcTicks, LastError = null, PromotionId = null,
                }
                : endpoint with
                {
                    Status = endpoint.Version is null ? ModelEndpointStatus.None : ModelEndpointStatus.InService,
                    Since = now.UtcTicks, LastError = error, PromotionId = null,
                };
            write.HashSet(EndpointsKey(promotion.Tenant), promotion.Endpoint, Encode(endpoint, Json.Default.EndpointDoc));
        }

        audit.Append(promotion.Tenant, now, promotion.Actor, AuditActions.Promote, PromotionTarget(ToPromotion(promotionId, finished)), PromotionOutcome(error));
        return endpoint;
    }

    /// <summary>
    /// Throws ResourceExhausted when promoting to <paramref name="endpoint"/> would give the tenant more endpoints serving
    /// (or being promoted to) than <see cref="RegistryLimits.Endpoints"/> allows; as <see cref="ModelStore"/> counts them.
    /// </summary>
    private void RequireEndpointRoom(IDatabase db, string tenant, ModelEndpoint endpoint)
    {
        var limit = limits.Endpoints;
        if (!limit.IsSet || endpoint.Status != ModelEndpointStatus.None)
        {
            return;
        }

        var have = db.HashValues(EndpointsKey(tenant)).Count(value => Decode(value, Json.Default.EndpointDoc)!.Status != ModelEndpointStatus.None);
        CheckEndpointRoom(limit, tenant, endpoint, have);
    }

    private EndpointDoc? ReadEndpointDoc(IDatabase db, string tenant, string name) =>
        Decode(db.HashGet(EndpointsKey(tenant), name), Json.Default.EndpointDoc);

    /// <summary>An endpoint with its served version's name and label and the target of a promotion in flight.</summary>
    private ModelEndpoint ToEndpoint(IDatabase db, string name, EndpointDoc? endpoint)
    {
        if (endpoint is null)
        {
            return NoEndpoint(name);
        }

        var serving = ServedVersion(endpoint);
        var version = serving is { } served ? ReadVersionDoc(db, served.Family, served.Version) : null;
        var updatingTo = endpoint.Status == ModelEndpointStatus.Updating && endpoint.PromotionId is { } id && ReadPromotionDoc(db, id) is { } promotion
            ? new VersionRef(new FamilyRef(promotion.Owner, promotion.Family), promotion.Version)
            : (VersionRef?)null;
        return new ModelEndpoint(
            name, serving?.Family, serving?.Version, version?.Name, version?.Label, endpoint.Status, Time(endpoint.Since), endpoint.LastError, updatingTo);
    }

    private static VersionRef? ServedVersion(EndpointDoc endpoint) =>
        endpoint is { Owner: { } owner, Family: { } family, Version: { } version } ? new VersionRef(new FamilyRef(owner, family), version) : null;
}
