using System.Globalization;
using Microsoft.Data.Sqlite;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <summary>
    /// Registers the next version of the caller's family (creating the family with its first version); it lands Pending.
    /// Inside one write transaction the store takes the family's highest number plus one, inserts the row, calls
    /// <paramref name="placeArtifact"/> with that number and commits; if the callback throws, nothing is registered
    /// and the exception propagates.
    /// </summary>
    /// <param name="tenant">The caller; it must own the family (only <c>shared</c> registers shared base versions).</param>
    /// <param name="family">The family as the caller writes it (<c>name</c>, or <c>shared/name</c> for the shared tenant).</param>
    /// <param name="registration">The version's fields.</param>
    /// <param name="placeArtifact">
    /// Moves the staged artifact to <see cref="ArtifactPathFor"/> for the number it is given. It runs while the
    /// registry's write lock is held, so it must be quick (a directory rename). A directory already at the target is a
    /// leftover of a registration whose commit failed and may be replaced.
    /// </param>
    /// <exception cref="NeuronException">InvalidArgument naming the field, PermissionDenied for another tenant's family, or
    /// ResourceExhausted when the family is full (<see cref="RegistryLimits.VersionsPerFamily"/>).</exception>
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

    private static void ValidateRegistration(VersionRegistration registration)
    {
        if (!string.IsNullOrEmpty(registration.Name))
        {
            RegistryRules.Check("name", ModelRules.ValidateVersionName(registration.Name));
        }

        RegistryRules.Check("label", ModelRules.ValidateLabel(registration.Label ?? string.Empty));
        RegistryRules.Check("description", ModelRules.ValidateDescription(registration.Description ?? string.Empty));
        if (!string.IsNullOrEmpty(registration.RunId))
        {
            RegistryRules.Check("run_id", ModelRules.ValidateRunId(registration.RunId));
        }

        if (!string.IsNullOrEmpty(registration.TemplateId))
        {
            RegistryRules.Check("template_id", TemplateRules.ValidateTemplateId(registration.TemplateId));
        }

        foreach (var (name, value) in registration.Metrics ?? new Dictionary<string, double>())
        {
            RegistryRules.Check("metrics", ModelRules.ValidateMetricName(name));
            RegistryRules.Check($"metrics[\"{name}\"]", ModelRules.ValidateMetricValue(value));
        }

        if (registration.SizeBytes < 0)
        {
            NeuronException.ThrowInvalidArgument("size_bytes", $"must be at least 0, not {registration.SizeBytes}");
        }
    }

    /// <summary>The given name, else <c>&lt;template_id&gt;-&lt;run_id&gt;</c> (cut to the name limit), else <c>v&lt;version&gt;</c>.</summary>
    private static string DefaultName(string? name, string? templateId, string? runId, int version)
    {
        if (!string.IsNullOrEmpty(name))
        {
            return name;
        }

        if (templateId is not null && runId is not null)
        {
            var joined = $"{templateId}-{runId}";
            return joined.Length <= RegistryRules.MaxNameLength ? joined : joined[..RegistryRules.MaxNameLength];
        }

        return string.Create(CultureInfo.InvariantCulture, $"v{version}");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
