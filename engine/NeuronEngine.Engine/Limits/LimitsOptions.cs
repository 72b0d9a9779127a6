using System.Globalization;
using NeuronEngine.Core;

namespace NeuronEngine.Engine.Limits;

/// <summary>
/// Per-tenant rate limits and caps on what a tenant (or the engine) may hold or do at once. Bound from the
/// <c>Limits</c> section. A tenant past a rate or a cap gets RESOURCE_EXHAUSTED naming the setting and its value; a size
/// past its limit is INVALID_ARGUMENT naming it. For rates and caps, 0 turns the limit off.
/// </summary>
/// <remarks>
/// Older size limits keep the keys they were introduced under (<c>Training:MaxDatasetBytes</c>,
/// <c>Engine:MaxArtifactBytes</c>, <c>Engine:MaxBatchEvents</c>, …); docs/operations.md, "Limits", lists every limit.
/// </remarks>
public sealed class LimitsOptions : IValidatedOptions
{
    public const string SectionName = "Limits";

    /// <summary>Recommend and SimilarItems calls per second, per tenant. Default 20,000 (above what one engine serves).</summary>
    public int RecommendPerSecond { get; set; } = 20_000;

    /// <summary>Calls a tenant may make at once above <see cref="RecommendPerSecond"/> after a quiet spell. Default 20,000.</summary>
    public int RecommendBurst { get; set; } = 20_000;

    /// <summary>Tracked events per second, per tenant (Track and TrackStream, counted by event). Default 200,000.</summary>
    public int EventsPerSecond { get; set; } = 200_000;

    /// <summary>Events a tenant may send at once above <see cref="EventsPerSecond"/> after a quiet spell. Default 200,000.</summary>
    public int EventsBurst { get; set; } = 200_000;

    /// <summary>
    /// Event types one tenant may have defined at once (<c>CreateEventType</c> past it is refused). Default 1,000; at most
    /// 16,777,216, the most the counters can tell apart (<c>Counters:MaxEventTypesPerTenant</c> bounds the types a
    /// tenant's counters ever held, deleted ones included).
    /// </summary>
    public int MaxEventTypes { get; set; } = 1_000;

    /// <summary>
    /// Distinct tags (<c>name:value</c>) the events of one event type may carry, per tenant: the counters keep a count for
    /// each. A Track batch that would add more is refused whole. Default 10,000.
    /// </summary>
    public int MaxTagValuesPerType { get; set; } = 10_000;

    /// <summary>
    /// Catalog items one tenant may hold, deleted (inactive) ones included: the engine keeps every one in memory. An
    /// <c>UpsertItems</c> that would add more is refused whole; one that only replaces existing items passes. Default 1,000,000.
    /// </summary>
    public int MaxCatalogItems { get; set; } = 1_000_000;

    /// <summary>
    /// Endpoints one tenant may have serving a version (or being promoted to); each holds a loaded model. Promoting to a
    /// new endpoint past it is refused. Default 10.
    /// </summary>
    public int MaxEndpoints { get; set; } = 10;

    /// <summary>
    /// Versions one model family may hold. Registration (<c>RegisterVersion</c>, a finishing run) past it is refused, and
    /// so is a <c>StartRun</c> whose family's versions plus queued and running runs reach it; versions are never deleted
    /// automatically. Default 1,000.
    /// </summary>
    public int MaxVersionsPerFamily { get; set; } = 1_000;

    /// <summary>Uploads (<c>RegisterVersion</c> artifacts and <c>UploadDataset</c> files) the engine takes at once, all tenants together. Default 4.</summary>
    public int MaxConcurrentUploads { get; set; } = 4;

    /// <summary>Uploads one tenant may have in flight at once. Default 2.</summary>
    public int MaxConcurrentUploadsPerTenant { get; set; } = 2;

    /// <summary>The longest line of an uploaded dataset, in bytes (its line break not counted). Default 65,536; 1,024 to 67,108,864.</summary>
    public int MaxDatasetLineBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The largest model manifest, in bytes: <c>manifest.json</c> in an artifact and <c>CompleteRun</c>'s manifest. Default
    /// and most 1,048,576 (the registry keeps runs' manifests up to that); at least 1,024.
    /// </summary>
    public int MaxManifestBytes { get; set; } = MaxManifestLimit;

    /// <summary>The shortest time from the start of one backup to the start of the next. Default 5 minutes; 0 to 7 days.</summary>
    public TimeSpan BackupMinInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many of the engine's complete backups the backup folder keeps: after each backup the oldest beyond this are
    /// deleted (never the one just made, never a folder the engine did not write). Default 7; 0 keeps every backup.
    /// </summary>
    public int BackupsKept { get; set; } = 7;

    /// <summary>The most <see cref="MaxManifestBytes"/> may be: the registry's own ceiling on stored run manifests.</summary>
    internal const int MaxManifestLimit = 1024 * 1024;

    internal CountLimit EventTypes => Cap(nameof(MaxEventTypes), MaxEventTypes);

    internal CountLimit TagValuesPerType => Cap(nameof(MaxTagValuesPerType), MaxTagValuesPerType);

    internal CountLimit CatalogItems => Cap(nameof(MaxCatalogItems), MaxCatalogItems);

    internal CountLimit Endpoints => Cap(nameof(MaxEndpoints), MaxEndpoints);

    internal CountLimit VersionsPerFamily => Cap(nameof(MaxVersionsPerFamily), MaxVersionsPerFamily);

    internal CountLimit ConcurrentUploads => Cap(nameof(MaxConcurrentUploads), MaxConcurrentUploads);

    internal CountLimit ConcurrentUploadsPerTenant => Cap(nameof(MaxConcurrentUploadsPerTenant), MaxConcurrentUploadsPerTenant);

    /// <summary>A setting's full key, <c>Limits:Name</c>.</summary>
    internal static string Key(string name) => $"{SectionName}:{name}";

    /// <summary>Every broken rule, as <c>Limits:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckRate(errors, nameof(RecommendPerSecond), RecommendPerSecond, nameof(RecommendBurst), RecommendBurst);
        CheckRate(errors, nameof(EventsPerSecond), EventsPerSecond, nameof(EventsBurst), EventsBurst);
        CheckCap(errors, nameof(MaxEventTypes), MaxEventTypes, Counters.CounterOptions.MaxEventTypesLimit);
        CheckCap(errors, nameof(MaxTagValuesPerType), MaxTagValuesPerType, 10_000_000);
        CheckCap(errors, nameof(MaxCatalogItems), MaxCatalogItems, 100_000_000);
        CheckCap(errors, nameof(MaxEndpoints), MaxEndpoints, 1_000);
        CheckCap(errors, nameof(MaxVersionsPerFamily), MaxVersionsPerFamily, 1_000_000);
        CheckCap(errors, nameof(MaxConcurrentUploads), MaxConcurrentUploads, 1_000);
        CheckCap(errors, nameof(MaxConcurrentUploadsPerTenant), MaxConcurrentUploadsPerTenant, 1_000);
        CheckCap(errors, nameof(BackupsKept), BackupsKept, 10_000);
        CheckSize(errors, nameof(MaxDatasetLineBytes), MaxDatasetLineBytes, 1024, 64 * 1024 * 1024);
        CheckSize(errors, nameof(MaxManifestBytes), MaxManifestBytes, 1024, MaxManifestLimit);
        if (BackupMinInterval < TimeSpan.Zero || BackupMinInterval > TimeSpan.FromDays(7))
        {
            errors.Add($"{Key(nameof(BackupMinInterval))} must be 0 to 7 days (0 = no limit; got {BackupMinInterval})");
        }

        return errors;
    }

    private static CountLimit Cap(string name, int value) => new(Key(name), value);

    private static void CheckRate(List<string> errors, string rateName, int rate, string burstName, int burst)
    {
        if (rate is < 0 or > 100_000_000)
        {
            errors.Add($"{Key(rateName)} must be 0-100000000 (0 = no limit; got {rate})");
        }

        if (rate > 0 && burst < 1)
        {
            errors.Add($"{Key(burstName)} must be at least 1 when {rateName} is set (got {burst})");
        }
    }

    private static void CheckCap(List<string> errors, string name, int value, int most)
    {
        if (value < 0 || value > most)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(name)} must be 0-{most} (0 = no limit; got {value})"));
        }
    }

    private static void CheckSize(List<string> errors, string name, int value, int least, int most)
    {
        if (value < least || value > most)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(name)} must be {least}-{most} bytes (got {value})"));
        }
    }
}
