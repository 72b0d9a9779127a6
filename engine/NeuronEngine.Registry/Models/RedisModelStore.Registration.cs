using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class RedisModelStore
{
    /// <inheritdoc/>
    public RegisteredVersion RegisterVersion(string tenant, string family, VersionRegistration registration, Action<int> placeArtifact)
    {
        RegistryRules.RequireTenant(tenant);
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(placeArtifact);
        var registered = plane.Transact(write => QueueRegistration(write, tenant, family, registration));

        // After the commit, once: the body above may have run several times.
        placeArtifact(registered.Version);
        return registered;
    }

    /// <summary>
    /// The registration of <see cref="RegisterVersion"/> inside the caller's transaction, so another store can commit
    /// its own change and the version together (a finished training run and the version it produced) or neither.
    /// Reads through <paramref name="write"/>, checks the family (the caller must own it), the fields and
    /// <see cref="RegistryLimits.VersionsPerFamily"/>, takes the family's next number and queues the writes; returns the
    /// version as it will be once the transaction commits. Places no artifact: the caller does that after the commit.
    /// </summary>
    /// <param name="write">The transaction; its body may run several times, and this with it.</param>
    /// <param name="tenant">The caller, which must own the family.</param>
    /// <param name="family">The family as the caller writes it (<c>name</c>, or <c>shared/name</c> for the shared tenant).</param>
    /// <param name="registration">The version's fields.</param>
    /// <param name="completingRunId">
    /// The run registering it, whose hold (see <see cref="QueueVersionHold"/>) it takes over: that run does not count
    /// against the limit, and its hold is released in the same transaction.
    /// </param>
    /// <exception cref="NeuronException">As <see cref="RegisterVersion"/>; the transaction then writes nothing.</exception>
    internal RegisteredVersion QueueRegistration(RedisWrite write, string tenant, string family, VersionRegistration registration, string? completingRunId = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        RegistryRules.RequireTenant(tenant);
        ArgumentNullException.ThrowIfNull(registration);
        var familyRef = FamilyRef.Parse(tenant, family);
        RequireOwner(tenant, familyRef, "register versions in it");
        ValidateRegistration(registration);
        var runId = NullIfEmpty(registration.RunId);
        var templateId = NullIfEmpty(registration.TemplateId);
        var now = time.GetUtcNow().UtcTicks;

        var existing = ReadFamily(write.Read, familyRef);
        var latest = existing?.Latest ?? 0;
        RequireVersionRoom(write.Read, familyRef, latest, completingRunId);

        var number = latest + 1;
        var document = new VersionDoc(
            DefaultName(registration.Name, templateId, runId, number),
            registration.Label ?? string.Empty,
            registration.Description ?? string.Empty,
            ModelVersionStatus.Pending,
            now,
            runId,
            templateId,
            MetricsCodec.Encode(registration.Metrics),
            registration.Manifest ?? "{}",
            ModelStore.ArtifactPathFor(familyRef, number),
            registration.SizeBytes,
            Approved: null,
            ApprovedBy: null,
            registration.ArtifactId);
        write.HashSet(FamiliesKey(familyRef.OwnerTenant), familyRef.Name, Encode(new FamilyDoc(existing?.Created ?? now, number), Json.Default.FamilyDoc));
        write.HashSet(VersionsKey(familyRef), Number(number), Encode(document, Json.Default.VersionDoc));
        if (completingRunId is not null)
        {
            write.SetRemove(HoldsKey(familyRef), completingRunId);
        }

        return ToVersion(familyRef, number, document);
    }

    /// <summary>
    /// Run store, creating a run: throws ResourceExhausted when <paramref name="family"/> has no room for the version
    /// the run would register (counting the versions there and the other runs' holds), else queues a hold for
    /// <paramref name="runId"/>, so the run keeps its place until it registers or ends.
    /// </summary>
    /// <remarks>
    /// The holds stand in for SQLite's count of the family's queued and running runs, so the run store must keep them
    /// exact: a hold from the transaction that queues the run (this) until the one that takes it out of Queued or
    /// Running — <see cref="QueueRegistration"/> with <c>completingRunId</c> releases it for a run that registers,
    /// <see cref="QueueVersionHoldRelease"/> for one that ends otherwise (failed, stopped, expired).
    /// </remarks>
    internal void QueueVersionHold(RedisWrite write, FamilyRef family, string runId)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        RequireVersionRoom(write.Read, family, ReadFamily(write.Read, family)?.Latest ?? 0, completingRunId: null);
        write.SetAdd(HoldsKey(family), runId);
    }

    /// <summary>Run store, ending a run without a version: queues the release of its hold (none held is fine).</summary>
    internal void QueueVersionHoldRelease(RedisWrite write, FamilyRef family, string runId)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        write.SetRemove(HoldsKey(family), runId);
    }

    /// <inheritdoc/>
    public void RequireVersionRoom(FamilyRef family)
    {
        if (limits.VersionsPerFamily.IsSet)
        {
            plane.Read(db =>
            {
                RequireVersionRoom(db, family, ReadFamily(db, family)?.Latest ?? 0, completingRunId: null);
                return true;
            });
        }
    }

    /// <summary>
    /// Throws ResourceExhausted when one more version of <paramref name="family"/>, which holds <paramref name="versions"/>,
    /// would pass the limit, counting every run's hold but <paramref name="completingRunId"/>'s.
    /// </summary>
    private void RequireVersionRoom(IDatabase db, FamilyRef family, int versions, string? completingRunId)
    {
        var limit = limits.VersionsPerFamily;
        if (!limit.IsSet)
        {
            return;
        }

        var holds = db.SetLength(HoldsKey(family));
        if (completingRunId is not null && db.SetContains(HoldsKey(family), completingRunId))
        {
            holds--;
        }

        CheckVersionRoom(limit, family, versions, holds);
    }

    private FamilyDoc? ReadFamily(IDatabase db, FamilyRef family) =>
        Decode(db.HashGet(FamiliesKey(family.OwnerTenant), family.Name), Json.Default.FamilyDoc);
}
