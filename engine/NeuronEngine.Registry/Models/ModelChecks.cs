using System.Buffers.Binary;
using System.Globalization;
using NeuronEngine.Core;
using NeuronEngine.Registry.Paging;

namespace NeuronEngine.Registry.Models;

/// <summary>
/// The checks, defaults and error wording both implementations of <see cref="IModelStore"/> share, so SQLite and
/// Redis refuse the same calls with the same kinds, fields and messages.
/// </summary>
internal static class ModelChecks
{
    /// <summary>The longest error kept on a promotion or an endpoint; longer ones are cut.</summary>
    public const int MaxErrorLength = 4000;

    private const byte VersionTokenKind = (byte)'V';

    /// <summary>An endpoint name as given, or <see cref="ModelStore.DefaultEndpoint"/> when null or empty; throws InvalidArgument (<c>endpoint</c>).</summary>
    public static string EndpointName(string? endpoint)
    {
        var name = string.IsNullOrEmpty(endpoint) ? ModelStore.DefaultEndpoint : endpoint;
        RegistryRules.Check("endpoint", ModelRules.ValidateEndpoint(name));
        return name;
    }

    /// <summary>Throws unless <paramref name="family"/> is well formed and is the caller's own or a shared base family.</summary>
    public static void RequireVisible(string tenant, FamilyRef family)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("family", family.OwnerTenant is null ? "must not be empty" : TenantId.Validate(family.OwnerTenant));
        RegistryRules.Check("family", ModelRules.ValidateFamilyName(family.Name));
        if (family.OwnerTenant != tenant && !family.IsShared)
        {
            throw FamilyNotFound(family);
        }
    }

    public static void RequireOwner(string tenant, FamilyRef family, string action)
    {
        if (family.OwnerTenant != tenant)
        {
            throw new NeuronException(
                ErrorKind.PermissionDenied,
                $"family \"{family}\" belongs to the \"{family.OwnerTenant}\" tenant; only that tenant may {action}");
        }
    }

    public static void RequireVersionNumber(int version) => RegistryRules.Check("version", ModelRules.ValidateVersion(version));

    public static int CheckLimit(int limit)
    {
        if (limit is < 1 or > ModelStore.MaxLimit)
        {
            NeuronException.ThrowInvalidArgument("limit", $"must be between 1 and {ModelStore.MaxLimit}, not {limit}");
        }

        return limit;
    }

    public static void RequireDuration(long durationMs)
    {
        if (durationMs < 0)
        {
            NeuronException.ThrowInvalidArgument("duration_ms", $"must be at least 0, not {durationMs}");
        }
    }

    public static NeuronException FamilyNotFound(FamilyRef family) => NeuronException.NotFound($"family \"{family}\" not found");

    public static NeuronException VersionNotFound(FamilyRef family, int version) =>
        NeuronException.NotFound(string.Create(CultureInfo.InvariantCulture, $"version {version} of family \"{family}\" not found"));

    public static NeuronException AlreadyApproved(RegisteredVersion version) => NeuronException.FailedPrecondition(string.Create(
        CultureInfo.InvariantCulture, $"version {version.Version} of family \"{version.Family}\" is already APPROVED (by {version.ApprovedBy})"));

    public static NeuronException NotApproved(FamilyRef family, int version) => NeuronException.FailedPrecondition(
        string.Create(CultureInfo.InvariantCulture, $"version {version} of family {family} is PENDING; approve it first"));

    public static NeuronException AlreadyUpdating(ModelEndpoint endpoint) => NeuronException.FailedPrecondition(
        $"endpoint \"{endpoint.Name}\" is already Updating to {endpoint.UpdatingTo}; wait for that promotion to finish");

    public static NeuronException PromotionNotFound(long promotionId) =>
        NeuronException.NotFound(string.Create(CultureInfo.InvariantCulture, $"promotion {promotionId} not found"));

    public static NeuronException PromotionFinished(long promotionId, PromotionResult result) => NeuronException.FailedPrecondition(string.Create(
        CultureInfo.InvariantCulture, $"promotion {promotionId} already finished: {result.ToString().ToUpperInvariant()}"));

    /// <summary>What an endpoint never promoted looks like.</summary>
    public static ModelEndpoint NoEndpoint(string name) => new(name, null, null, null, null, ModelEndpointStatus.None, null, null, null);

    /// <summary>
    /// Throws ResourceExhausted when one more version of <paramref name="family"/>, which holds <paramref name="versions"/>
    /// and has <paramref name="runs"/> queued or running runs that will register one each, would pass <paramref name="limit"/>.
    /// </summary>
    public static void CheckVersionRoom(CountLimit limit, FamilyRef family, long versions, long runs)
    {
        if (!limit.Allows(versions + runs, 1))
        {
            var pending = runs > 0 ? string.Create(CultureInfo.InvariantCulture, $" and {runs} queued or running run(s) will register one each") : "";
            throw limit.Reached(family.OwnerTenant, string.Create(CultureInfo.InvariantCulture,
                $"family \"{family}\" holds {versions} versions{pending}; versions are not deleted automatically, so raise the limit or use another family"));
        }
    }

    /// <summary>
    /// Throws ResourceExhausted when <paramref name="endpoint"/>, a tenant with <paramref name="have"/> endpoints serving
    /// (status other than None), would pass <paramref name="limit"/>. An endpoint that already counts passes.
    /// </summary>
    public static void CheckEndpointRoom(CountLimit limit, string tenant, ModelEndpoint endpoint, long have)
    {
        if (endpoint.Status == ModelEndpointStatus.None && !limit.Allows(have, 1))
        {
            throw limit.Reached(tenant, string.Create(CultureInfo.InvariantCulture,
                $"it has {have} endpoints serving models, and \"{endpoint.Name}\" would be one more; promote to one of those instead"));
        }
    }

    public static void ValidateRegistration(VersionRegistration registration)
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

        if (registration.ArtifactId is not null)
        {
            RegistryRules.Check("artifact_id", ModelRules.ValidateArtifactId(registration.ArtifactId));
        }
    }

    /// <summary>The given name, else <c>&lt;template_id&gt;-&lt;run_id&gt;</c> (cut to the name limit), else <c>v&lt;version&gt;</c>.</summary>
    public static string DefaultName(string? name, string? templateId, string? runId, int version)
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

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The error a finished promotion records: none on success, else the reason (a default when blank), cut.</summary>
    public static string? PromotionError(bool succeeded, string? error) =>
        succeeded ? null : Truncate(string.IsNullOrWhiteSpace(error) ? "promotion failed without a reason" : error);

    /// <summary>The audit entry's target for a promotion: <c>family@version -&gt; endpoint</c>.</summary>
    public static string PromotionTarget(EndpointPromotion promotion) => $"{promotion.Target} -> {promotion.Endpoint}";

    /// <summary>The audit entry's result for a promotion: <c>succeeded</c> or <c>failed: &lt;error&gt;</c>.</summary>
    public static string PromotionOutcome(string? error) => error is null ? "succeeded" : $"failed: {error}";

    /// <summary>How long a promotion interrupted by a restart ran, in milliseconds.</summary>
    public static long InterruptedDuration(EndpointPromotion promotion, DateTimeOffset now) => Math.Max(0, (long)(now - promotion.Requested).TotalMilliseconds);

    public static string Truncate(string error) => error.Length <= MaxErrorLength ? error : string.Concat(error.AsSpan(0, MaxErrorLength - 3), "...");

    public static string VersionToken(int lastVersion)
    {
        Span<byte> key = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(key, lastVersion);
        return PageTokens.Encode(VersionTokenKind, key);
    }

    public static int? DecodeVersionToken(string? token)
    {
        if (PageTokens.Decode(token, VersionTokenKind, "ListVersions") is not { } key)
        {
            return null;
        }

        return key.Length == sizeof(int) && BinaryPrimitives.ReadInt32LittleEndian(key) is var version && version >= 1
            ? version
            : throw PageTokens.Invalid("ListVersions");
    }
}
