using System.Text;
using NeuronEngine.Core;
using NeuronEngine.Registry.Paging;
using StackExchange.Redis;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class RedisModelStore
{
    // Versions fetched per round trip while paging: manifests can be large, and a page often ends on its byte budget.
    private const int VersionBatch = 32;

    /// <inheritdoc/>
    public IReadOnlyList<ModelFamily> ListFamilies(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        return plane.Read(db =>
        {
            var production = Decode(db.HashGet(EndpointsKey(tenant), ModelStore.DefaultEndpoint), Json.Default.EndpointDoc);
            var families = new List<ModelFamily>();
            foreach (var owner in tenant == TenantId.Shared ? [tenant] : new[] { tenant, TenantId.Shared })
            {
                var own = db.HashGetAll(FamiliesKey(owner))
                    .Select(entry => (Name: (string)entry.Name!, Doc: Decode(entry.Value, Json.Default.FamilyDoc)!))
                    .OrderBy(f => f.Name, StringComparer.Ordinal);
                foreach (var (name, doc) in own)
                {
                    var served = production is { Owner: { } o, Family: { } f } && o == owner && f == name ? production.Version : null;
                    families.Add(new ModelFamily(new FamilyRef(owner, name), doc.Latest, served, Time(doc.Created)));
                }
            }

            return families;
        });
    }

    /// <inheritdoc/>
    public ListPage<RegisteredVersion> ListVersions(string tenant, FamilyRef family, int? pageSize = null, string? pageToken = null)
    {
        RequireVisible(tenant, family);
        var size = PageTokens.Size(pageSize, ModelStore.DefaultLimit, ModelStore.MaxLimit);
        var before = DecodeVersionToken(pageToken);
        return plane.Read(db =>
        {
            var latest = ReadFamily(db, family)?.Latest ?? throw FamilyNotFound(family);
            var next = before is { } b ? Math.Min(b - 1, latest) : latest;
            var versions = new List<RegisteredVersion>();
            var bytes = 0L;
            while (next >= 1)
            {
                // Enough for the page plus the one that shows another exists.
                var count = Math.Min(Math.Min(VersionBatch, size + 1 - versions.Count), next);
                var numbers = Enumerable.Range(0, count).Select(i => Number(next - i)).ToArray();
                var documents = db.HashGet(VersionsKey(family), numbers);
                for (var i = 0; i < count; i++)
                {
                    var version = ToVersion(family, next - i, Decode(documents[i], Json.Default.VersionDoc)
                        ?? throw NeuronException.DataLoss($"version {next - i} of family \"{family}\" is missing from Redis below its latest"));
                    bytes += Encoding.UTF8.GetByteCount(version.Manifest);
                    if (versions.Count == size || (versions.Count > 0 && bytes > ModelStore.MaxPageManifestBytes))
                    {
                        // One more exists: the page ends with the last version it holds.
                        return new ListPage<RegisteredVersion>(versions, VersionToken(versions[^1].Version));
                    }

                    versions.Add(version);
                }

                next -= count;
            }

            return new ListPage<RegisteredVersion>(versions, string.Empty);
        });
    }

    /// <inheritdoc/>
    public RegisteredVersion GetVersion(string tenant, FamilyRef family, int version)
    {
        RequireVisible(tenant, family);
        RequireVersionNumber(version);
        return plane.Read(db => ReadVersion(db, family, version)) ?? throw VersionNotFound(family, version);
    }

    /// <inheritdoc/>
    public RegisteredVersion UpdateVersion(string tenant, FamilyRef family, int version, string? label, string? description)
    {
        RequireVisible(tenant, family);
        RequireVersionNumber(version);
        RequireOwner(tenant, family, "edit its versions");
        if (label is not null)
        {
            RegistryRules.Check("label", ModelRules.ValidateLabel(label));
        }

        if (description is not null)
        {
            RegistryRules.Check("description", ModelRules.ValidateDescription(description));
        }

        return plane.Transact(write =>
        {
            var current = ReadVersionDoc(write.Read, family, version) ?? throw VersionNotFound(family, version);
            var updated = current with { Label = label ?? current.Label, Description = description ?? current.Description };
            write.HashSet(VersionsKey(family), Number(version), Encode(updated, Json.Default.VersionDoc));
            return ToVersion(family, version, updated);
        });
    }

    /// <inheritdoc/>
    public RegisteredVersion ApproveVersion(string tenant, FamilyRef family, int version, string actor)
    {
        RequireVisible(tenant, family);
        RequireVersionNumber(version);
        RegistryRules.Check("actor", ModelRules.ValidateActor(actor));
        RequireOwner(tenant, family, "approve its versions");

        var now = time.GetUtcNow();
        return plane.Transact(write =>
        {
            var current = ReadVersionDoc(write.Read, family, version) ?? throw VersionNotFound(family, version);
            if (current.Status == ModelVersionStatus.Approved)
            {
                throw AlreadyApproved(ToVersion(family, version, current));
            }

            var approved = current with { Status = ModelVersionStatus.Approved, Approved = now.UtcTicks, ApprovedBy = actor };
            write.HashSet(VersionsKey(family), Number(version), Encode(approved, Json.Default.VersionDoc));
            new AuditWriter(this, write).Append(tenant, now, actor, AuditActions.Approve, new VersionRef(family, version).ToString(), "succeeded");
            return ToVersion(family, version, approved);
        });
    }

    private VersionDoc? ReadVersionDoc(IDatabase db, FamilyRef family, int version) =>
        Decode(db.HashGet(VersionsKey(family), Number(version)), Json.Default.VersionDoc);

    private RegisteredVersion? ReadVersion(IDatabase db, FamilyRef family, int version) =>
        ReadVersionDoc(db, family, version) is { } document ? ToVersion(family, version, document) : null;

    private static RegisteredVersion ToVersion(FamilyRef family, int version, VersionDoc document) => new(
        family,
        version,
        document.Name,
        document.Label,
        document.Description,
        document.Status,
        Time(document.Created),
        document.RunId,
        document.TemplateId,
        MetricsCodec.Decode(document.Metrics, new VersionRef(family, version)),
        document.Manifest,
        document.ArtifactPath,
        document.SizeBytes,
        Time(document.Approved),
        document.ApprovedBy,
        document.ArtifactId);
}
