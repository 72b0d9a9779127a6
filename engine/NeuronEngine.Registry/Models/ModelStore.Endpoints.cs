using System.Globalization;
using NeuronEngine.Core;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <inheritdoc/>
    public ModelEndpoint GetEndpoint(string tenant, string? endpoint = null)
    {
        RegistryRules.RequireTenant(tenant);
        var name = EndpointName(endpoint);
        using var connection = database.Open();
        return ReadEndpoint(connection, null, tenant, name);
    }

    /// <inheritdoc/>
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
            throw NotApproved(family, version);
        }

        var current = ReadEndpoint(connection, transaction, tenant, name);
        if (current.Status == ModelEndpointStatus.Updating)
        {
            throw AlreadyUpdating(current);
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
