using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Tests.Models;

/// <summary>
/// The contract on Redis, and what only Redis does: placing the artifact after the commit, and keeping the artifact id.
/// Replicas racing each other are in <see cref="RedisModelStoreTests"/>.
/// </summary>
public sealed class ModelStoreTestsOnRedis() : ModelStoreTests(RegistryBackend.Redis)
{
    [Fact]
    public void RegisterVersion_PlaceArtifactThrows_VersionStaysRegisteredAndTheErrorPropagates()
    {
        Register();
        var registeredWhenPlaced = new List<int>();

        var ex = Assert.Throws<IOException>(() => Store.RegisterVersion(Tenant, "recs", new VersionRegistration(), v =>
        {
            registeredWhenPlaced.AddRange(Store.ListVersions(Tenant, Recs).Items.Select(r => r.Version));
            throw new IOException($"disk full at {v}");
        }));

        Assert.Equal("disk full at 2", ex.Message);
        Assert.Equal([2, 1], registeredWhenPlaced);
        Assert.Equal([2, 1], Store.ListVersions(Tenant, Recs).Items.Select(v => v.Version));
        Assert.Equal(3, Register().Version);
    }

    [Fact]
    public void RegisterVersion_FirstVersionPlacementFails_FamilyAndVersionRemain()
    {
        Assert.Throws<IOException>(() => Store.RegisterVersion(Tenant, "recs", new VersionRegistration(), _ => throw new IOException("no")));

        Assert.Equal((Recs, 1), (Store.ListFamilies(Tenant).Single().Family, Store.ListFamilies(Tenant).Single().LatestVersion));
        Assert.Equal("acme/recs/1", Store.GetVersion(Tenant, Recs, 1).ArtifactPath);
    }

    [Fact]
    public void RegisterVersion_ArtifactId_KeptAndReturned()
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("artifact"u8));

        var version = Register(registration: new VersionRegistration(ArtifactId: id));

        Assert.Equal(id, version.ArtifactId);
        Assert.Equal(id, Store.GetVersion(Tenant, Recs, 1).ArtifactId);
        Assert.Equal(id, Store.ListVersions(Tenant, Recs).Items.Single().ArtifactId);
        Assert.Null(Register().ArtifactId);
    }
}
