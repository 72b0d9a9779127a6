using System.Globalization;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <summary>Returns a family's versions, newest first. Throws InvalidArgument (<c>family</c>) or NotFound.</summary>
    public IReadOnlyList<RegisteredVersion> ListVersions(string tenant, FamilyRef family)
    {
        RequireVisible(tenant, family);
        using var connection = database.Open();
        using var command = connection.Command(null, $"""
            SELECT {VersionColumns} FROM model_versions WHERE tenant = $owner AND family = $family ORDER BY version DESC
            """).With("$owner", family.OwnerTenant).With("$family", family.Name);
        var versions = ReadVersions(command);
        return versions.Count > 0 ? versions : throw FamilyNotFound(family);
    }

    /// <summary>Returns one version. Throws InvalidArgument (<c>family</c>, <c>version</c>) or NotFound naming both.</summary>
    public RegisteredVersion GetVersion(string tenant, FamilyRef family, int version)
    {
        RequireVisible(tenant, family);
        RequireVersionNumber(version);
        using var connection = database.Open();
        return FindVersion(connection, null, family, version) ?? throw VersionNotFound(family, version);
    }

    /// <summary>
    /// Changes the label and/or description (a null argument leaves that field as it is). Only the family's owner may:
    /// PermissionDenied otherwise. Throws InvalidArgument (<c>label</c>, <c>description</c>) or NotFound.
    /// </summary>
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

    /// <summary>
    /// Approves a Pending version so it can be promoted; records it in the audit log. Does not change what is served.
    /// Throws NotFound, PermissionDenied (not the owner), FailedPrecondition (already Approved) or InvalidArgument (<c>actor</c>).
    /// </summary>
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
            throw NeuronException.FailedPrecondition(string.Create(
                CultureInfo.InvariantCulture, $"version {version} of family \"{family}\" is already APPROVED (by {current.ApprovedBy})"));
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
}
