using System.Globalization;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Models;

/// <summary>
/// Model families and versions, endpoints and their promotions, and the audit log of who approved and promoted what.
/// </summary>
/// <remarks>
/// Thread-safe. Every write is one <c>BEGIN IMMEDIATE</c> transaction, so a check (is the version Approved, is the
/// endpoint already Updating) and the write that depends on it see the same state. A tenant sees its own families
/// and the <c>shared</c> tenant's base families; another tenant's family is reported as not found, never as forbidden,
/// so its existence does not leak. Only a family's owner may register, edit or approve its versions.
/// </remarks>
public sealed partial class ModelStore
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

    private const byte VersionTokenKind = (byte)'V';

    /// <summary>The error recorded for a promotion the engine did not live to finish.</summary>
    public const string RestartedError = "engine restarted during promotion";

    private const int MaxErrorLength = 4000;

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

    /// <summary>An endpoint name as given, or <see cref="DefaultEndpoint"/> when null or empty; throws InvalidArgument (<c>endpoint</c>).</summary>
    private static string EndpointName(string? endpoint)
    {
        var name = string.IsNullOrEmpty(endpoint) ? DefaultEndpoint : endpoint;
        RegistryRules.Check("endpoint", ModelRules.ValidateEndpoint(name));
        return name;
    }

    /// <summary>Throws unless <paramref name="family"/> is well formed and is the caller's own or a shared base family.</summary>
    private static void RequireVisible(string tenant, FamilyRef family)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("family", family.OwnerTenant is null ? "must not be empty" : TenantId.Validate(family.OwnerTenant));
        RegistryRules.Check("family", ModelRules.ValidateFamilyName(family.Name));
        if (family.OwnerTenant != tenant && !family.IsShared)
        {
            throw FamilyNotFound(family);
        }
    }

    private static void RequireOwner(string tenant, FamilyRef family, string action)
    {
        if (family.OwnerTenant != tenant)
        {
            throw new NeuronException(
                ErrorKind.PermissionDenied,
                $"family \"{family}\" belongs to the \"{family.OwnerTenant}\" tenant; only that tenant may {action}");
        }
    }

    private static void RequireVersionNumber(int version) => RegistryRules.Check("version", ModelRules.ValidateVersion(version));

    private static int CheckLimit(int limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            NeuronException.ThrowInvalidArgument("limit", $"must be between 1 and {MaxLimit}, not {limit}");
        }

        return limit;
    }

    private static NeuronException FamilyNotFound(FamilyRef family) => NeuronException.NotFound($"family \"{family}\" not found");

    private static NeuronException VersionNotFound(FamilyRef family, int version) =>
        NeuronException.NotFound(string.Create(CultureInfo.InvariantCulture, $"version {version} of family \"{family}\" not found"));
}
