using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using Xunit.Abstractions;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Recovery;

[Collection(ProcessTests.Name)]
public sealed class ServingRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restart_AfterPromoteAndRollback_ServesExactlyWhatWasPromoted()
    {
        using var data = new TempDirectory("serving-restart");
        using var scratch = new TempDirectory("serving-artifacts");
        RecommendResponse before;
        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "shop");
            await EventTypesAsync(c);
            await c.Events.TrackAsync(Batch(Event("u1", PlantedModels.ItemId(6)))).Within();
            var v1 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v1");
            var v2 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v2", scale: 3f);
            await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within();
            await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v1 }).Within();
            before = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within();
            Assert.Equal(v1, before.Model.Version);

            engine.Terminate();
            Assert.Equal(0, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "shop");
            var banner = await c.Models.GetEndpointAsync(new GetEndpointRequest()).Within();
            Assert.Equal(("recs", 1, EndpointStatus.InService), (banner.Family, banner.Version, banner.Status));
            Assert.Equal(before, await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within());
            Assert.Equal(2, (await c.Models.ListPromotionsAsync(new ListPromotionsRequest()).Within()).Promotions.Count);
        }
    }

    [Fact]
    public async Task Restart_ServedArtifactBrokenOnDisk_EndpointFailedWithErrorThenPromotionRecovers()
    {
        using var data = new TempDirectory("serving-broken");
        using var scratch = new TempDirectory("serving-broken-artifacts");
        int v1, v2;
        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "shop");
            v1 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v1");
            v2 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v2");
            await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v1 }).Within();
            engine.Terminate();
            Assert.Equal(0, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await File.WriteAllTextAsync(Path.Combine(data.Path, "models", "shop", "recs", v1.ToString(System.Globalization.CultureInfo.InvariantCulture), "model.onnx"), "damaged");
        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "shop");
            var banner = await c.Models.GetEndpointAsync(new GetEndpointRequest()).Within();
            Assert.Equal((v1, EndpointStatus.Failed), (banner.Version, banner.Status));
            // The file is no ONNX any more: the loader's own reader refuses it before ONNX Runtime sees it.
            Assert.Contains("the artifact breaks the model contract: model.onnx", banner.LastError, StringComparison.Ordinal);
            Assert.Empty((await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within()).Items);

            var promoted = await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within();
            Assert.Equal((v2, EndpointStatus.InService, ""), (promoted.Version, promoted.Status, promoted.LastError));
        }
    }
}
