using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Services;

public sealed class ModelServiceTests(EngineFixture engine) : IClassFixture<EngineFixture>, IDisposable
{
    private readonly TempDirectory scratch = new("models");

    [Fact]
    public async Task Lifecycle_RegisterApprovePromoteRollback_BannerAndHistoryFollow()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var v1 = await ModelUploads.RegisterAsync(c, "recs", PlantedModels.Zip(PlantedModels.Write(scratch.Combine("a"))), runId: "run1", templateId: "home");
        Assert.Equal((1, VersionStatus.Pending, "home-run1"), (v1.Version, v1.Status, v1.Name));
        Assert.Contains("\"recipe\": \"planted\"", v1.Manifest, StringComparison.Ordinal);
        Assert.Equal(0.5, v1.Metrics["ndcg@10"]);

        // Only approved versions can serve.
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = 1 }).ResponseAsync, "PENDING");
        Assert.Equal(EndpointStatus.None, (await c.Models.GetEndpointAsync(new GetEndpointRequest()).Within()).Status);

        await c.Models.ApproveVersionAsync(new ApproveVersionRequest { Family = "recs", Version = 1 }).Within();
        var labelled = await c.Models.UpdateVersionAsync(new UpdateVersionRequest { Family = "recs", Version = 1, Label = "baseline", Description = "first" }).Within();
        Assert.Equal(("baseline", "first", VersionStatus.Approved), (labelled.Label, labelled.Description, labelled.Status));

        var promoted = await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = 1 }).Within();
        Assert.Equal(("production", "recs", 1, EndpointStatus.InService, "baseline"), (promoted.Name, promoted.Family, promoted.Version, promoted.Status, promoted.Label));

        var v2 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "b");
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within();
        var rolledBack = await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = 1 }).Within();
        Assert.Equal(1, rolledBack.Version);

        var history = await c.Models.ListPromotionsAsync(new ListPromotionsRequest()).Within();
        Assert.Equal([1, 2, 1], history.Promotions.Select(p => p.Version).Reverse());
        Assert.All(history.Promotions, p => Assert.Equal("succeeded", p.Result));

        var families = await c.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within();
        var recs = Assert.Single(families.Families, f => f.Family_ == "recs");
        Assert.Equal((2, 1), (recs.LatestVersion, recs.ProductionVersion));
    }

    [Fact]
    public async Task Promote_ActorHeaderIgnored_LoopbackOperatorRecordedInHistory()
    {
        var tenant = EngineFixture.NewTenant();
        using var c = engine.Clients(tenant);
        var version = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "actor");
        var headers = new Metadata { { "x-actor", "sre-alice" } };
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = version }, headers).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
        var promotion = Assert.Single((await c.Models.ListPromotionsAsync(new ListPromotionsRequest()).Within()).Promotions);
        Assert.Equal("operator@loopback", promotion.Actor);
    }

    [Fact]
    public async Task RegisterVersion_CorruptUploads_RejectedAndNothingRegistered()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var zip = PlantedModels.Zip(PlantedModels.Write(scratch.Combine("ok")));

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => ModelUploads.RegisterAsync(c, "recs", zip[..(zip.Length / 2)]), "zip");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => ModelUploads.RegisterAsync(c, "recs", [.. Enumerable.Range(0, 5000).Select(i => (byte)i)]), "zip");

        var broken = PlantedModels.Write(scratch.Combine("broken"));
        File.AppendAllLines(Path.Combine(broken, "items.txt"), ["one-more"]);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => ModelUploads.RegisterAsync(c, "recs", PlantedModels.Zip(broken)), "items.txt has 41");

        Assert.DoesNotContain((await c.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within()).Families, f => f.Family_ == "recs");
        Assert.Equal(1, (await ModelUploads.RegisterAsync(c, "recs", zip)).Version);
    }

    [Fact]
    public async Task Promote_ArtifactBrokenOnDisk_FailedPreconditionOldKeepsServingAndFailureRecorded()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var good = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "good");
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = good }).Within();
        var bad = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "bad");
        foreach (var model in Directory.GetFiles(Path.Combine(engine.DataDir, "models"), "model.onnx", SearchOption.AllDirectories).Where(p => p.Contains($"{Path.DirectorySeparatorChar}recs{Path.DirectorySeparatorChar}{bad}{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            await File.WriteAllTextAsync(model, "corrupted on disk");
        }

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = bad }).ResponseAsync, "keeps serving");
        var endpoint = await c.Models.GetEndpointAsync(new GetEndpointRequest()).Within();
        Assert.Equal((good, EndpointStatus.InService), (endpoint.Version, endpoint.Status));
        // The file is no ONNX any more: the loader's own reader refuses it before ONNX Runtime sees it.
        Assert.Contains("the artifact breaks the model contract: model.onnx", endpoint.LastError, StringComparison.Ordinal);
        var history = await c.Models.ListPromotionsAsync(new ListPromotionsRequest()).Within();
        Assert.Equal("failed", history.Promotions[0].Result);
    }

    [Fact]
    public async Task WatchEndpoint_Promotion_StreamsUpdatingThenInService()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var version = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "watch");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = c.Models.WatchEndpoint(new GetEndpointRequest(), cancellationToken: cts.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(EndpointStatus.None, watch.ResponseStream.Current.Status);

        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = version }).Within();
        var seen = new List<EndpointStatus>();
        while (await watch.ResponseStream.MoveNext(cts.Token))
        {
            seen.Add(watch.ResponseStream.Current.Status);
            if (watch.ResponseStream.Current.Status == EndpointStatus.InService)
            {
                break;
            }
        }

        Assert.Equal(EndpointStatus.InService, seen[^1]);
        await cts.CancelAsync();
    }

    [Fact]
    public async Task SharedBaseFamily_VisibleToEveryTenantAndServableByTwo()
    {
        using var shared = engine.Clients("shared");
        var family = "base-" + Guid.NewGuid().ToString("N")[..8];
        var version = await ModelUploads.RegisterApprovedAsync(shared, family, scratch, "base");

        using var a = engine.Clients(EngineFixture.NewTenant("a"));
        using var b = engine.Clients(EngineFixture.NewTenant("b"));
        Assert.Contains((await a.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within()).Families, f => f.Family_ == $"shared/{family}" && f.Tenant == "shared");
        await a.Models.PromoteAsync(new PromoteRequest { Family = $"shared/{family}", Version = version }).Within();
        await b.Models.PromoteAsync(new PromoteRequest { Family = $"shared/{family}", Version = version }).Within();

        // Tenants cannot edit or approve a shared base family.
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => a.Models.UpdateVersionAsync(new UpdateVersionRequest { Family = $"shared/{family}", Version = version, Label = "mine" }).ResponseAsync);

        var host = engine.App.Services.GetService(typeof(NeuronEngine.Models.Hosting.ModelHost)) as NeuronEngine.Models.Hosting.ModelHost;
        Assert.Single(host!.LiveVersions, v => v.Family == family);
    }

    /// <summary>
    /// Regression: a tenant registering under "shared/name" had its upload placed over the shared base version's
    /// files on disk, so every tenant serving that base version would load the other tenant's model.
    /// </summary>
    [Fact]
    public async Task RegisterVersion_IntoSharedFamilyByOtherTenant_PermissionDeniedAndBaseUntouched()
    {
        using var shared = engine.Clients("shared");
        var family = "guarded-" + Guid.NewGuid().ToString("N")[..8];
        await ModelUploads.RegisterApprovedAsync(shared, family, scratch, "guarded-base");
        var vocabulary = Directory.GetFiles(Path.Combine(engine.DataDir, "models", "shared", family), "items.txt", SearchOption.AllDirectories).Single();
        var before = await File.ReadAllTextAsync(vocabulary);

        using var evil = engine.Clients(EngineFixture.NewTenant("evil"));
        var other = PlantedModels.Write(scratch.Combine("evil"), items: 12, clusters: 3);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => ModelUploads.RegisterAsync(evil, $"shared/{family}", PlantedModels.Zip(other)), "header.family");
        Assert.Equal(before, await File.ReadAllTextAsync(vocabulary));
        Assert.DoesNotContain((await evil.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within()).Families, f => f.Family_ == family);
    }

    [Fact]
    public async Task TenantB_CannotSeeOrPromoteTenantAsFamily()
    {
        using var a = engine.Clients(EngineFixture.NewTenant("a"));
        using var b = engine.Clients(EngineFixture.NewTenant("b"));
        var version = await ModelUploads.RegisterApprovedAsync(a, "private", scratch, "private");
        Assert.DoesNotContain((await b.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within()).Families, f => f.Family_ == "private");
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => b.Models.PromoteAsync(new PromoteRequest { Family = "private", Version = version }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => b.Models.GetVersionAsync(new GetVersionRequest { Family = "private", Version = version }).ResponseAsync);
    }

    public void Dispose() => scratch.Dispose();
}
