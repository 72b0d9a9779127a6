using NeuronEngine.Core;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

public sealed class ModelHostTests : IDisposable
{
    private static readonly VersionKey V1 = new("acme", "recs", 1);
    private static readonly VersionKey V2 = new("acme", "recs", 2);
    private readonly TempDirectory dir = new("host");
    private readonly ModelHost host = ModelTestHost.Host();

    private string Artifact(string name, float scale = 1f) => PlantedModels.Write(dir.Combine(name), scale: scale);

    private static int[] TopFor(LoadedModel model, int item, int k)
    {
        var indices = new int[k];
        model.Run([item], [1f], 1, k, new ExcludeMask(new bool[model.ItemCount]), indices, new float[k]);
        return indices;
    }

    [Fact]
    public async Task Acquire_NothingPromoted_Null()
    {
        Assert.Null(host.Acquire("acme", "production"));
        await host.PromoteAsync("acme", "production", V1, Artifact("a"), CancellationToken.None);
        Assert.Null(host.Acquire("acme", "staging"));
        Assert.Null(host.Acquire("other", "production"));
    }

    [Fact]
    public async Task Run_PlantedModel_TopItemsAreTheClusterHighestFirst()
    {
        await host.PromoteAsync("acme", "production", V1, Artifact("a"), CancellationToken.None);
        var model = host.Acquire("acme", "production")!;
        try
        {
            // Item 6 is in cluster 2 of 4: the cluster's items are 2, 6, …, 38, scored by index.
            Assert.Equal([38, 34, 30, 26], TopFor(model, 6, 4));
        }
        finally
        {
            model.Release();
        }
    }

    [Fact]
    public async Task Promote_Swap_OldSessionLivesUntilItsLastCallThenIsDisposed()
    {
        await host.PromoteAsync("acme", "production", V1, Artifact("a"), CancellationToken.None);
        var inFlight = host.Acquire("acme", "production")!;

        await host.PromoteAsync("acme", "production", V2, Artifact("b"), CancellationToken.None);
        var now = host.Acquire("acme", "production")!;
        Assert.Equal(V2, now.Key);
        now.Release();

        // The call that started on v1 still runs on it after the swap.
        Assert.False(inFlight.IsDisposed);
        Assert.Equal(38, TopFor(inFlight, 6, 1)[0]);
        Assert.Equal([V1, V2], host.LiveVersions.OrderBy(v => v.Version));

        inFlight.Release();
        Assert.True(inFlight.IsDisposed);
        Assert.Equal([V2], host.LiveVersions);
    }

    [Fact]
    public async Task Promote_SameVersionToTwoTenants_OneSession()
    {
        var shared = new VersionKey(TenantId.Shared, "base", 1);
        var artifact = Artifact("base");
        await host.PromoteAsync("a", "production", shared, artifact, CancellationToken.None);
        await host.PromoteAsync("b", "production", shared, artifact, CancellationToken.None);

        var first = host.Acquire("a", "production")!;
        var second = host.Acquire("b", "production")!;
        Assert.Same(first, second);
        first.Release();
        second.Release();
        Assert.Single(host.LiveVersions);

        // Retiring it on one tenant keeps it alive for the other.
        await host.PromoteAsync("a", "production", V1, Artifact("a"), CancellationToken.None);
        Assert.Contains(shared, host.LiveVersions);
        host.Clear("b", "production");
        Assert.DoesNotContain(shared, host.LiveVersions);
    }

    [Fact]
    public async Task Promote_WithPrepare_RunsOnTheNewModelBeforeItServes()
    {
        await host.PromoteAsync("acme", "production", V1, Artifact("a"), CancellationToken.None);
        VersionKey? servingWhilePrepared = null;
        LoadedModel? prepared = null;

        await host.PromoteAsync("acme", "production", V2, Artifact("b"), CancellationToken.None, model =>
        {
            prepared = model;
            using var serving = host.Acquire("acme", "production");
            servingWhilePrepared = serving?.Key;
        });

        Assert.Equal(V2, prepared?.Key);
        Assert.Equal(V1, servingWhilePrepared);
        using var now = host.Acquire("acme", "production");
        Assert.Equal(V2, now?.Key);
    }

    [Fact]
    public async Task Promote_PrepareThrows_SwapsAnyway()
    {
        await host.PromoteAsync("acme", "production", V1, Artifact("a"), CancellationToken.None, _ => throw new InvalidOperationException("mask broke"));

        using var now = host.Acquire("acme", "production");
        Assert.Equal(V1, now?.Key);
    }

    [Fact]
    public async Task Promote_BrokenArtifact_ThrowsAndOldKeepsServing()
    {
        await host.PromoteAsync("acme", "production", V1, Artifact("a"), CancellationToken.None);
        var broken = Artifact("broken");
        File.WriteAllText(Path.Combine(broken, "model.onnx"), "not a model");

        await Assert.ThrowsAsync<NeuronException>(() => host.PromoteAsync("acme", "production", V2, broken, CancellationToken.None));
        var model = host.Acquire("acme", "production")!;
        Assert.Equal(V1, model.Key);
        model.Release();
        Assert.Equal([V1], host.LiveVersions);
    }

    [Fact]
    public async Task Promote_AlternatingManyTimes_OnlyTheServedSessionStaysAlive()
    {
        var a = Artifact("a");
        var b = Artifact("b");
        for (var i = 0; i < 10; i++)
        {
            await host.PromoteAsync("acme", "production", i % 2 == 0 ? V1 : V2, i % 2 == 0 ? a : b, CancellationToken.None);
        }

        Assert.Equal([V2], host.LiveVersions);
    }

    [Fact]
    public void TryAcquire_AfterLastRelease_False()
    {
        var model = ModelTestHost.Loader().Load(V1, Artifact("a"), _ => { });
        Assert.True(model.TryAcquire());
        model.Release();
        model.Release();
        Assert.True(model.IsDisposed);
        Assert.False(model.TryAcquire());
    }

    public void Dispose()
    {
        host.Dispose();
        dir.Dispose();
    }
}
