using Grpc.Core;
using Microsoft.Extensions.Logging;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Operations.Telemetry;

/// <summary>What SREs watch around a hot swap: the served-version gauge, promotion metrics, and the one log event per promotion.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class PromotionTelemetryTests(TelemetryEngine engine) : IDisposable
{
    private readonly TempDirectory scratch = new("promotion-telemetry");

    [Fact]
    public async Task Promote_TwoVersionsInTurn_GaugeFollowsTheServedVersion()
    {
        var tenant = EngineFixture.NewTenant();
        using var c = engine.Clients(tenant);
        var v1 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v1");
        var v2 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v2", scale: 2f);

        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v1 }).Within();
        var first = await engine.ScrapeAsync();
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within();
        var second = await engine.ScrapeAsync();

        Assert.Equal(1, Served(first, tenant, v1));
        Assert.Empty(first.Find("neuron_serving_version", ("tenant", tenant), ("version", v2.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(0, Served(second, tenant, v1));
        Assert.Equal(1, Served(second, tenant, v2));
        Assert.Equal(2, second.Sum("neuron_promotions_total", ("tenant", tenant), ("result", "ok")));
        Assert.True(second.Sum("neuron_promotion_duration_seconds_count", ("result", "ok")) >= 2);
    }

    [Fact]
    public async Task Promote_Succeeds_OneEventWithEveryField()
    {
        var tenant = EngineFixture.NewTenant();
        using var c = engine.Clients(tenant);
        var v1 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v1");
        var v2 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v2", scale: 2f);
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v1 }).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));

        var events = engine.Logs.Named("Promotion").Where(e => Equals(e.Fields["Tenant"], tenant)).ToList();

        Assert.Equal(2, events.Count);
        var second = events[1];
        Assert.Equal(LogLevel.Information, second.Level);
        Assert.Equal("production", second.Fields["Endpoint"]);
        Assert.Equal("operator@loopback", second.Fields["Actor"]);
        Assert.Equal("recs", second.Fields["Family"]);
        Assert.Equal(v2, second.Fields["NewVersion"]);
        Assert.Equal("recs", second.Fields["OldFamily"]);
        Assert.Equal(v1, second.Fields["OldVersion"]);
        Assert.Equal("ok", second.Fields["Result"]);
        Assert.IsType<long>(second.Fields["DurationMs"]);
        Assert.Equal("none", events[0].Fields["OldFamily"]);
        Assert.Equal(0, events[0].Fields["OldVersion"]);
    }

    [Fact]
    public async Task Promote_BrokenArtifact_FailedEventAndMetricAndGaugeUnchanged()
    {
        var tenant = EngineFixture.NewTenant();
        using var c = engine.Clients(tenant);
        var v1 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v1");
        var broken = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "broken");
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v1 }).Within();
        var model = Path.Combine(engine.DataDir, "models", tenant, "recs", broken.ToString(System.Globalization.CultureInfo.InvariantCulture), "model.onnx");
        Assert.True(File.Exists(model), model);
        await File.WriteAllTextAsync(model, "not a model any more");

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = broken }).ResponseAsync);
        var scrape = await engine.ScrapeAsync();

        var failed = Assert.Single(engine.Logs.Named("Promotion"), e => Equals(e.Fields["Tenant"], tenant) && Equals(e.Fields["Result"], "failed"));
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal(broken, failed.Fields["NewVersion"]);
        Assert.Equal(v1, failed.Fields["OldVersion"]);
        Assert.NotEqual(string.Empty, failed.Fields["Error"]);
        Assert.Equal(1, scrape.Sum("neuron_promotions_total", ("tenant", tenant), ("result", "failed")));
        Assert.Equal(1, Served(scrape, tenant, v1));
        Assert.True(scrape.Sum("neuron_grpc_server_duration_seconds_count", ("method", "/neuron.v1.ModelService/Promote"), ("status", "FAILED_PRECONDITION")) >= 1);
    }

    private static double Served(MetricsScrape scrape, string tenant, int version) =>
        Assert.Single(scrape.Find(
            "neuron_serving_version", ("tenant", tenant), ("endpoint", "production"), ("family", "recs"),
            ("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Value;

    public void Dispose() => scratch.Dispose();
}
