using System.Text;
using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using NeuronEngine.Registry.Paging;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <inheritdoc/>
    public ListPage<RegisteredVersion> ListVersions(string tenant, FamilyRef family, int? pageSize = null, string? pageToken = null)
    {
        RequireVisible(tenant, family);
        var size = PageTokens.Size(pageSize, DefaultLimit, MaxLimit);
        var before = DecodeVersionToken(pageToken);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        if (!FamilyExists(connection, transaction, family))
        {
            throw FamilyNotFound(family);
        }

        using var command = connection.Command(transaction, $"""
            SELECT {VersionColumns} FROM model_versions
            WHERE tenant = $owner AND family = $family AND ($before IS NULL OR version < $before)
            ORDER BY version DESC LIMIT $limit
            """).With("$owner", family.OwnerTenant).With("$family", family.Name).With("$before", before).With("$limit", size + 1);
        using var reader = command.ExecuteReader();
        var versions = new List<RegisteredVersion>();
        var bytes = 0L;
        while (reader.Read())
        {
            var version = ReadVersion(reader);
            bytes += Encoding.UTF8.GetByteCount(version.Manifest);
            if (versions.Count == size || (versions.Count > 0 && bytes > MaxPageManifestBytes))
            {
                // One more exists: the page ends with the last version it holds.
                return new ListPage<RegisteredVersion>(versions, VersionToken(versions[^1].Version));
            }

            versions.Add(version);
        }

        return new ListPage<RegisteredVersion>(versions, string.Empty);
    }

    /// <inheritdoc/>
    public RegisteredVersion GetVersion(string tenant, FamilyRef family, int version)
    {
        RequireVisible(tenant, family);
        RequireVersionNumber(version);
        using var connection = database.Open();
        return FindVersion(connection, null, family, version) ?? throw VersionNotFound(family, version);
    }

    /// <inheritdoc/>
    public RegisteredVersion UpdateVersion(string tenant, FamilyRef family, int version, string? label, string? description)
    {
        RequireVisible(tenant, family);
        RequireVersionNumber(version);
        RequireOwner(tenant, family, "edit its versions");
        if (label is not null)
        {
            RegistryRules.Check("label", ModelRules.ValidateLabel(label));
        }

        if (description is not null)
        {
            RegistryRules.Check("description", ModelRules.ValidateDescription(description));
        }

        using var connection = database.Open();
        using var command = connection.Command(null, $"""
            UPDATE model_versions SET label = coalesce($label, label), description = coalesce($description, description)
            WHERE tenant = $owner AND family = $family AND version = $version
            RETURNING {VersionColumns}
            """).With("$label", label).With("$description", description)
            .With("$owner", family.OwnerTenant).With("$family", family.Name).With("$version", version);
        var updated = ReadVersions(command);
        return updated.Count > 0 ? updated[0] : throw VersionNotFound(family, version);
    }

    /// <inheritdoc/>
    public RegisteredVersion ApproveVersion(string tenant, FamilyRef family, int version, string actor)
    {
        RequireVisible(tenant, family);
        RequireVersionNumber(version);
        RegistryRules.Check("actor", ModelRules.ValidateActor(actor));
        RequireOwner(tenant, family, "approve its versions");

        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = FindVersion(connection, transaction, family, version) ?? throw VersionNotFound(family, version);
        if (current.Status == ModelVersionStatus.Approved)
        {
            throw AlreadyApproved(current);
        }

        using (var command = connection.Command(transaction, """
            UPDATE model_versions SET status = $status, approved = $now, approved_by = $actor
            WHERE tenant = $owner AND family = $family AND version = $version
            """))
        {
            command.With("$status", (int)ModelVersionStatus.Approved).With("$now", now.UtcTicks).With("$actor", actor)
                .With("$owner", family.OwnerTenant).With("$family", family.Name).With("$version", version).ExecuteNonQuery();
        }

        WriteAudit(connection, transaction, tenant, now, actor, AuditActions.Approve, current.Ref.ToString(), "succeeded");
        var approved = FindVersion(connection, transaction, family, version)!;
        transaction.Commit();
        return approved;
    }

    private static bool FamilyExists(SqliteConnection connection, SqliteTransaction transaction, FamilyRef family)
    {
        using var command = connection.Command(transaction, "SELECT 1 FROM model_versions WHERE tenant = $owner AND family = $family LIMIT 1")
            .With("$owner", family.OwnerTenant).With("$family", family.Name);
        return command.ExecuteScalar() is not null;
    }
}
