using System.Globalization;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <summary>
    /// Returns the endpoint (null or empty name: <c>production</c>); one never promoted comes back with status None rather
    /// than NotFound. Throws InvalidArgument (<c>endpoint</c>).
    /// </summary>
    public ModelEndpoint GetEndpoint(string tenant, string? endpoint = null)
    {
        RegistryRules.RequireTenant(tenant);
        var name = EndpointName(endpoint);
        using var connection = database.Open();
        return ReadEndpoint(connection, null, tenant, name);
    }

    /// <summary>
    /// Starts promoting an Approved version to an endpoint: the endpoint goes Updating and keeps serving what it served
    /// until <see cref="CompletePromotion"/>. The host then loads <see cref="PromotionTicket.ArtifactPath"/> and reports.
    /// Throws NotFound (family or version), FailedPrecondition (version Pending, or endpoint already Updating),
    /// ResourceExhausted (a new endpoint past <see cref="RegistryLimits.Endpoints"/>) or InvalidArgument (<c>endpoint</c>,
    /// <c>family</c>, <c>version</c>, <c>actor</c>).
    /// </summary>
    public PromotionTicket BeginPromotion(string tenant, string? endpoint, FamilyRef family, int version, string actor)
    {
        RequireVisible(tenant, family);
        var name = EndpointName(endpoint);
        RequireVersionNumber(version);
        RegistryRules.Check("actor", ModelRules.ValidateActor(actor));

        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var target = FindVersion(connection, transaction, family, version) ?? throw VersionNotFound(family, version);
        if (target.Status != ModelVersionStatus.Approved)
        {
            throw NeuronException.FailedPrecondition(
                string.Create(CultureInfo.InvariantCulture, $"version {version} of family {family} is PENDING; approve it first"));
        }

        var current = ReadEndpoint(connection, transaction, tenant, name);
        if (current.Status == ModelEndpointStatus.Updating)
        {
            throw NeuronException.FailedPrecondition(
                $"endpoint \"{name}\" is already Updating to {current.UpdatingTo}; wait for that promotion to finish");
        }

        RequireEndpointRoom(connection, transaction, tenant, current);

        var id = Convert.ToInt64(connection.Scalar(transaction, "SELECT coalesce(max(promotion_id), 0) + 1 FROM model_promotions"), CultureInfo.InvariantCulture);
        var previous = current.Serving;
        using (var command = connection.Command(transaction, """
            INSERT INTO model_promotions (tenant, endpoint, promotion_id, owner_tenant, family, version,
                                          prev_owner_tenant, prev_family, prev_version, actor, requested)
            VALUES ($tenant, $endpoint, $id, $owner, $family, $version, $prevOwner, $prevFamily, $prevVersion, $actor, $now)
            """))
        {
            command.With("$tenant", tenant).With("$endpoint", name).With("$id", id)
                .With("$owner", family.OwnerTenant).With("$family", family.Name).With("$version", version)
                .With("$prevOwner", previous?.Family.OwnerTenant).With("$prevFamily", previous?.Family.Name).With("$prevVersion", previous?.Version)
                .With("$actor", actor).With("$now", now.UtcTicks).ExecuteNonQuery();
        }

        using (var command = connection.Command(transaction, """
            INSERT INTO model_endpoints (tenant, endpoint, owner_tenant, family, version, status, since, last_error, promotion_id)
            VALUES ($tenant, $endpoint, NULL, NULL, NULL, $updating, $now, NULL, $id)
            ON CONFLICT (tenant, endpoint) DO UPDATE SET status = excluded.status, since = excluded.since, promotion_id = excluded.promotion_id
            """))
        {
            command.With("$tenant", tenant).With("$endpoint", name).With("$updating", (int)ModelEndpointStatus.Updating)
                .With("$now", now.UtcTicks).With("$id", id).ExecuteNonQuery();
        }

        transaction.Commit();
        return new PromotionTicket(id, tenant, name, target.Ref, target.ArtifactPath, previous, now);
    }
}
