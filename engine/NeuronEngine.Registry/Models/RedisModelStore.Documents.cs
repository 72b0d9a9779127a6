using System.Text.Json.Serialization;

namespace NeuronEngine.Registry.Models;

public sealed partial class RedisModelStore
{
    /// <summary>A family: when its first version was registered (UTC ticks) and its highest version number.</summary>
    private sealed record FamilyDoc(long Created, int Latest);

    /// <summary>A version, without its family and number (they are its key and field). Metrics as <see cref="MetricsCodec"/> writes them.</summary>
    private sealed record VersionDoc(
        string Name,
        string Label,
        string Description,
        ModelVersionStatus Status,
        long Created,
        string? RunId,
        string? TemplateId,
        string Metrics,
        string Manifest,
        string ArtifactPath,
        long SizeBytes,
        long? Approved,
        string? ApprovedBy,
        string? ArtifactId);

    /// <summary>An endpoint: the version it serves (all three or none), its status since when, and the promotion in flight.</summary>
    private sealed record EndpointDoc(
        string? Owner,
        string? Family,
        int? Version,
        ModelEndpointStatus Status,
        long Since,
        string? LastError,
        long? PromotionId);

    /// <summary>A promotion, with the tenant and endpoint it belongs to (its id is its field).</summary>
    private sealed record PromotionDoc(
        string Tenant,
        string Endpoint,
        string Owner,
        string Family,
        int Version,
        string? PreviousOwner,
        string? PreviousFamily,
        int? PreviousVersion,
        string Actor,
        long Requested,
        long? Finished,
        PromotionResult? Result,
        string? Error,
        long? DurationMs);

    /// <summary>An audit entry; the id inside keeps two otherwise equal entries distinct members of the sorted set.</summary>
    private sealed record AuditDoc(long Id, long At, string Actor, string Action, string Target, string Result);

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(FamilyDoc))]
    [JsonSerializable(typeof(VersionDoc))]
    [JsonSerializable(typeof(EndpointDoc))]
    [JsonSerializable(typeof(PromotionDoc))]
    [JsonSerializable(typeof(AuditDoc))]
    private sealed partial class Json : JsonSerializerContext;
}
