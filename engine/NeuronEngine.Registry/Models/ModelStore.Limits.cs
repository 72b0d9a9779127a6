using System.Globalization;
using Microsoft.Data.Sqlite;
using NeuronEngine.Registry.Training;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <inheritdoc/>
    public void RequireVersionRoom(FamilyRef family)
    {
        if (limits.VersionsPerFamily.IsSet)
        {
            using var connection = database.Open();
            using var transaction = connection.BeginTransaction(deferred: true);
            RequireVersionRoom(connection, transaction, family, completingRunId: null);
        }
    }

    /// <summary>
    /// Throws ResourceExhausted when one more version of <paramref name="family"/> would pass
    /// <see cref="RegistryLimits.VersionsPerFamily"/>. Queued and running runs of the family count as the versions they will
    /// register (all but <paramref name="completingRunId"/>, the run registering now), so a run that started within the
    /// limit cannot lose its place to a registration that came later. Call inside the write transaction that registers.
    /// </summary>
    internal void RequireVersionRoom(SqliteConnection connection, SqliteTransaction transaction, FamilyRef family, string? completingRunId)
    {
        var limit = limits.VersionsPerFamily;
        if (!limit.IsSet)
        {
            return;
        }

        long versions;
        using (var command = connection.Command(transaction, "SELECT count(*) FROM model_versions WHERE tenant = $owner AND family = $family"))
        {
            versions = Convert.ToInt64(command.With("$owner", family.OwnerTenant).With("$family", family.Name).ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        long runs;
        using (var command = connection.Command(transaction, """
            SELECT count(*) FROM training_runs
            WHERE tenant = $owner AND family = $family AND status IN ($queued, $running) AND run_id IS NOT $completing
            """))
        {
            runs = Convert.ToInt64(command.With("$owner", family.OwnerTenant).With("$family", family.Name)
                .With("$queued", (int)RunStatus.Queued).With("$running", (int)RunStatus.Running).With("$completing", completingRunId)
                .ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        CheckVersionRoom(limit, family, versions, runs);
    }

    /// <summary>
    /// Throws ResourceExhausted when promoting to <paramref name="endpoint"/> would give the tenant more endpoints serving
    /// (or being promoted to) than <see cref="RegistryLimits.Endpoints"/> allows. An endpoint that already serves does not
    /// count twice, and one whose promotions all failed (status None) holds no model and does not count. Call inside the
    /// promotion's write transaction.
    /// </summary>
    private void RequireEndpointRoom(SqliteConnection connection, SqliteTransaction transaction, string tenant, ModelEndpoint endpoint)
    {
        var limit = limits.Endpoints;
        if (!limit.IsSet || endpoint.Status != ModelEndpointStatus.None)
        {
            return;
        }

        long have;
        using (var command = connection.Command(transaction, "SELECT count(*) FROM model_endpoints WHERE tenant = $tenant AND status <> $none"))
        {
            have = Convert.ToInt64(command.With("$tenant", tenant).With("$none", (int)ModelEndpointStatus.None).ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        CheckEndpointRoom(limit, tenant, endpoint, have);
    }
}
