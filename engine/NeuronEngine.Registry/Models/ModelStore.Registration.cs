using System.Globalization;
using Microsoft.Data.Sqlite;
using NeuronEngine.Core;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <inheritdoc/>
    public RegisteredVersion RegisterVersion(string tenant, string family, VersionRegistration registration, Action<int> placeArtifact)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var registered = RegisterVersion(connection, transaction, tenant, family, registration, placeArtifact, completingRunId: null);
        transaction.Commit();
        return registered;
    }

    /// <summary>
    /// <see cref="RegisterVersion(string, string, VersionRegistration, Action{int})"/> inside the caller's write
    /// transaction, so another store can commit its own change and the version together (a finished training run and
    /// the version it produced) or neither. The caller commits. <paramref name="completingRunId"/> names the run that
    /// registers it, whose place under <see cref="RegistryLimits.VersionsPerFamily"/> was kept since it started.
    /// </summary>
    internal RegisteredVersion RegisterVersion(
        SqliteConnection connection, SqliteTransaction transaction, string tenant, string family, VersionRegistration registration, Action<int> placeArtifact,
        string? completingRunId)
    {
        RegistryRules.RequireTenant(tenant);
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(placeArtifact);
        var familyRef = FamilyRef.Parse(tenant, family);
        RequireOwner(tenant, familyRef, "register versions in it");
        ValidateRegistration(registration);
        var runId = NullIfEmpty(registration.RunId);
        var templateId = NullIfEmpty(registration.TemplateId);
        var now = time.GetUtcNow().UtcTicks;
        RequireVersionRoom(connection, transaction, familyRef, completingRunId);

        using (var command = connection.Command(transaction, """
            INSERT INTO model_families (tenant, family, created) VALUES ($tenant, $family, $now)
            ON CONFLICT (tenant, family) DO NOTHING
            """))
        {
            command.With("$tenant", tenant).With("$family", familyRef.Name).With("$now", now).ExecuteNonQuery();
        }

        int version;
        using (var command = connection.Command(transaction, "SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE tenant = $tenant AND family = $family"))
        {
            version = Convert.ToInt32(command.With("$tenant", tenant).With("$family", familyRef.Name).ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using (var command = connection.Command(transaction, """
            INSERT INTO model_versions (tenant, family, version, name, label, description, status, created, run_id, template_id,
                                        metrics, manifest, artifact_path, size_bytes, approved, approved_by)
            VALUES ($tenant, $family, $version, $name, $label, $description, $status, $now, $run, $template,
                    $metrics, $manifest, $path, $size, NULL, NULL)
            """))
        {
            command.With("$tenant", tenant).With("$family", familyRef.Name).With("$version", version)
                .With("$name", DefaultName(registration.Name, templateId, runId, version))
                .With("$label", registration.Label ?? string.Empty).With("$description", registration.Description ?? string.Empty)
                .With("$status", (int)ModelVersionStatus.Pending).With("$now", now).With("$run", runId).With("$template", templateId)
                .With("$metrics", MetricsCodec.Encode(registration.Metrics)).With("$manifest", registration.Manifest ?? "{}")
                .With("$path", ArtifactPathFor(familyRef, version)).With("$size", registration.SizeBytes)
                .ExecuteNonQuery();
        }

        // After the insert, so a row the database refuses never leaves an artifact behind.
        placeArtifact(version);
        return FindVersion(connection, transaction, familyRef, version)!;
    }
}
