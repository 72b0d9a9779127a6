using System.Globalization;
using Microsoft.Extensions.Options;

namespace NeuronEngine.Registry.Models;

/// <summary>The model registry in SQLite, single-node mode (see <see cref="IModelStore"/> for the contract).</summary>
/// <remarks>
/// Thread-safe. Every write is one <c>BEGIN IMMEDIATE</c> transaction, so a check (is the version Approved, is the
/// endpoint already Updating) and the write that depends on it see the same state. Does not keep
/// <see cref="VersionRegistration.ArtifactId"/>: on one node the artifact directory is the artifact.
/// </remarks>
public sealed partial class ModelStore : IModelStore
{
    /// <summary>The endpoint used when a call names none.</summary>
    public const string DefaultEndpoint = "production";

    /// <summary>The page size of listings (versions, promotions) when the caller sets none.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page size of listings.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// About how many bytes of manifests one page of <see cref="ListVersions"/> holds before it ends early: under the
    /// 4 MiB a gRPC client receives by default, however large the manifests.
    /// </summary>
    public const int MaxPageManifestBytes = 3 * 1024 * 1024;

    /// <summary>The error recorded for a promotion the engine did not live to finish.</summary>
    public const string RestartedError = "engine restarted during promotion";

    private readonly RegistryDatabase database;
    private readonly TimeProvider time;
    private readonly RegistryLimits limits;

    /// <param name="database">The registry.</param>
    /// <param name="time">The clock for every recorded time.</param>
    /// <param name="limits">How many endpoints a tenant and versions a family may have; none when null.</param>
    public ModelStore(RegistryDatabase database, TimeProvider time, IOptions<RegistryLimits>? limits = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        this.database = database;
        this.time = time;
        this.limits = limits?.Value ?? new RegistryLimits();
    }

    /// <summary>
    /// Where a version's artifact directory lives, relative to the models directory:
    /// <c>&lt;owner tenant&gt;/&lt;family&gt;/&lt;version&gt;</c>, with forward slashes.
    /// </summary>
    public static string ArtifactPathFor(FamilyRef family, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{family.OwnerTenant}/{family.Name}/{version}");
}
