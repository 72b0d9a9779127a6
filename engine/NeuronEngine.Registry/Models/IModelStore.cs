using NeuronEngine.Core;
using NeuronEngine.Registry.Paging;

namespace NeuronEngine.Registry.Models;

/// <summary>
/// Model families and versions, endpoints and their promotions, and the audit log of who approved and promoted what.
/// <see cref="ModelStore"/> keeps them in SQLite (one node); <see cref="RedisModelStore"/> in Redis (cluster mode).
/// </summary>
/// <remarks>
/// <para>Thread-safe, and safe across replicas sharing one store: every write is one serializable transaction, so a
/// check (is the version Approved, is the endpoint already Updating, is the family full) and the write that depends on
/// it see the same state. A tenant sees its own families and the <c>shared</c> tenant's base families; another
/// tenant's family is reported as not found, never as forbidden, so its existence does not leak. Only a family's owner
/// may register, edit or approve its versions.</para>
/// <para>The implementations differ in one place, registration: SQLite places the artifact inside the registering
/// transaction (a failure registers nothing), Redis after the commit (a failure leaves the version registered, its
/// artifact to be fetched from <see cref="RegisteredVersion.ArtifactId"/>); and only Redis keeps
/// <see cref="VersionRegistration.ArtifactId"/> (SQLite returns null). See <see cref="RegisterVersion"/>.</para>
/// </remarks>
public interface IModelStore
{
    /// <summary>
    /// Returns the caller's families, then the <c>shared</c> base families, each ordered by name, with its latest version
    /// number and the version of it the caller's <c>production</c> endpoint serves (if any).
    /// </summary>
    IReadOnlyList<ModelFamily> ListFamilies(string tenant);

    /// <summary>
    /// Returns one page of a family's versions, newest first: at most <paramref name="pageSize"/> (1–<see cref="ModelStore.MaxLimit"/>,
    /// null for <see cref="ModelStore.DefaultLimit"/>), and fewer once the page's manifests pass
    /// <see cref="ModelStore.MaxPageManifestBytes"/> (at least one version a page). <paramref name="pageToken"/> is empty
    /// for the first page, else the previous page's next token. Throws InvalidArgument (<c>family</c>, <c>page_size</c>,
    /// <c>page_token</c>) or NotFound.
    /// </summary>
    ListPage<RegisteredVersion> ListVersions(string tenant, FamilyRef family, int? pageSize = null, string? pageToken = null);

    /// <summary>Returns one version. Throws InvalidArgument (<c>family</c>, <c>version</c>) or NotFound naming both.</summary>
    RegisteredVersion GetVersion(string tenant, FamilyRef family, int version);

    /// <summary>
    /// Changes the label and/or description (a null argument leaves that field as it is). Only the family's owner may:
    /// PermissionDenied otherwise. Throws InvalidArgument (<c>label</c>, <c>description</c>) or NotFound.
    /// </summary>
    RegisteredVersion UpdateVersion(string tenant, FamilyRef family, int version, string? label, string? description);

    /// <summary>
    /// Approves a Pending version so it can be promoted; records it in the audit log. Does not change what is served.
    /// Throws NotFound, PermissionDenied (not the owner), FailedPrecondition (already Approved) or InvalidArgument (<c>actor</c>).
    /// </summary>
    RegisteredVersion ApproveVersion(string tenant, FamilyRef family, int version, string actor);

    /// <summary>
    /// Registers the next version of the caller's family (creating the family with its first version); it lands Pending.
    /// The number, the family's highest plus one, is taken inside the registering transaction.
    /// </summary>
    /// <param name="tenant">The caller; it must own the family (only <c>shared</c> registers shared base versions).</param>
    /// <param name="family">The family as the caller writes it (<c>name</c>, or <c>shared/name</c> for the shared tenant).</param>
    /// <param name="registration">The version's fields.</param>
    /// <param name="placeArtifact">
    /// Moves the staged artifact to <see cref="ModelStore.ArtifactPathFor"/> for the number it is given; called exactly
    /// once, and only when the version is (or is about to be) registered. A directory already at the target is a
    /// leftover of an earlier attempt and may be replaced. When it runs differs:
    /// <list type="bullet">
    /// <item><see cref="ModelStore"/> (SQLite) calls it inside the write transaction, after the version's row is written
    /// and while the registry's write lock is held, so it must be quick (a directory rename). If it throws, nothing is
    /// registered and the exception propagates.</item>
    /// <item><see cref="RedisModelStore"/> calls it after the commit with the committed number (the transaction's body
    /// may run several times, so it cannot have effects outside Redis). If it throws, the exception propagates but the
    /// version stays registered: in cluster mode the artifact blob is stored in Redis before registration, named by
    /// <see cref="VersionRegistration.ArtifactId"/>, and each replica puts it in place locally when it needs it.</item>
    /// </list>
    /// </param>
    /// <exception cref="NeuronException">InvalidArgument naming the field, PermissionDenied for another tenant's family, or
    /// ResourceExhausted when the family is full (<see cref="RegistryLimits.VersionsPerFamily"/>, counting queued and
    /// running runs of the family as the versions they will register).</exception>
    RegisteredVersion RegisterVersion(string tenant, string family, VersionRegistration registration, Action<int> placeArtifact);

    /// <summary>
    /// Throws ResourceExhausted when <paramref name="family"/> has no room for another version now, so an upload can be
    /// refused before it is staged and checked; registration checks again in its own transaction.
    /// </summary>
    void RequireVersionRoom(FamilyRef family);

    /// <summary>
    /// Returns the endpoint (null or empty name: <c>production</c>); one never promoted comes back with status None rather
    /// than NotFound. Throws InvalidArgument (<c>endpoint</c>).
    /// </summary>
    ModelEndpoint GetEndpoint(string tenant, string? endpoint = null);

    /// <summary>
    /// Starts promoting an Approved version to an endpoint: the endpoint goes Updating and keeps serving what it served
    /// until <see cref="CompletePromotion"/>. The host then loads <see cref="PromotionTicket.ArtifactPath"/> and reports.
    /// Throws NotFound (family or version), FailedPrecondition (version Pending, or endpoint already Updating),
    /// ResourceExhausted (a new endpoint past <see cref="RegistryLimits.Endpoints"/>) or InvalidArgument (<c>endpoint</c>,
    /// <c>family</c>, <c>version</c>, <c>actor</c>).
    /// </summary>
    PromotionTicket BeginPromotion(string tenant, string? endpoint, FamilyRef family, int version, string actor);

    /// <summary>
    /// Records how a promotion ended and returns the endpoint. Succeeded: the endpoint serves the new version, InService,
    /// error cleared. Failed: it keeps what it served (InService, or None when it served nothing) with
    /// <see cref="ModelEndpoint.LastError"/> set. Either way the result goes to the promotion history and the audit log.
    /// Throws NotFound (unknown id), FailedPrecondition (already finished, for example by
    /// <see cref="RecoverInterruptedPromotions"/>) or InvalidArgument (<c>duration_ms</c>).
    /// </summary>
    /// <param name="promotionId">From <see cref="PromotionTicket.PromotionId"/>.</param>
    /// <param name="succeeded">Whether the host now serves the new version.</param>
    /// <param name="error">Why it failed; ignored on success.</param>
    /// <param name="durationMs">How long the host took, in milliseconds.</param>
    ModelEndpoint CompletePromotion(long promotionId, bool succeeded, string? error, long durationMs);

    /// <summary>Returns an endpoint's promotions, newest first, at most <paramref name="limit"/> (1–1000). Throws InvalidArgument.</summary>
    IReadOnlyList<EndpointPromotion> ListPromotions(string tenant, string? endpoint = null, int limit = ModelStore.DefaultLimit);

    /// <summary>
    /// The rollback target: the most recent version that served successfully on the endpoint and differs from what it
    /// serves now, or null when there is none (nothing served, or only one version ever succeeded).
    /// </summary>
    VersionRef? PreviousServedVersion(string tenant, string? endpoint = null);

    /// <summary>
    /// Every endpoint of every tenant that serves a version (InService, Updating with a previous version still serving,
    /// or Failed to load it last time — a restart tries again), ordered by tenant and endpoint: what the engine loads at
    /// start so a restart serves exactly what was promoted.
    /// </summary>
    IReadOnlyList<ServingEndpoint> ListServingEndpoints();

    /// <summary>
    /// Records how loading an endpoint's version at start went: with an error the endpoint is FAILED (it serves
    /// nothing until the version loads or another is promoted) with <c>last_error</c> set; without one, an endpoint
    /// that had failed is IN_SERVICE again. The version it should serve is kept either way.
    /// </summary>
    void RecordServingLoad(string tenant, string endpoint, string? error);

    /// <summary>
    /// Call once at start, before loading <see cref="ListServingEndpoints"/>: every endpoint a crash left Updating goes
    /// back to what it served (InService, or None), and its promotion is recorded as failed with
    /// <see cref="ModelStore.RestartedError"/>. Returns those promotions (empty when the last run ended cleanly).
    /// </summary>
    /// <remarks>
    /// It assumes the caller is the only engine that promotes: every promotion still in flight is taken to be one the
    /// caller's previous life began. With several replicas on one store that does not hold (see the cluster notes on
    /// <see cref="RedisModelStore"/>).
    /// </remarks>
    IReadOnlyList<PromotionTicket> RecoverInterruptedPromotions();

    /// <summary>Returns a tenant's audit log, newest first, at most <paramref name="limit"/> (1–1000) entries.</summary>
    IReadOnlyList<AuditEntry> ListAudit(string tenant, int limit = ModelStore.DefaultLimit);
}
