using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Operations.Limits;

/// <summary>The per-tenant rate limits over real gRPC: each hit once, RESOURCE_EXHAUSTED naming it, other tenants unaffected.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private OwnEngine? engine;

    private string Address => engine?.Address ?? throw new InvalidOperationException("not started");

    // Refills of 1 per second keep the buckets empty for the length of a test.
    public async Task InitializeAsync() =>
        engine = await OwnEngine.StartAsync("limits",
        [
            "--Limits:RecommendPerSecond", "1", "--Limits:RecommendBurst", "5",
            "--Limits:EventsPerSecond", "1", "--Limits:EventsBurst", "20",
        ]);

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task Recommend_OverTheTenantsRate_ResourceExhaustedNamingTheLimit()
    {
        using var c = new EngineClients(Address, "busy");
        using var other = new EngineClients(Address, "quiet");

        // The bucket holds 5 and refills 1 a second: calls in a row meet the limit within a few more than 5, however slow the machine.
        RpcException? refused = null;
        var served = 0;
        for (; served < 100 && refused is null; served++)
        {
            try
            {
                await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u" }).Within();
            }
            catch (RpcException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Limits:RecommendPerSecond", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("\"busy\"", refused.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(served, 6, 99);

        await other.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u" }).Within();
    }

    [Fact]
    public async Task Track_OverTheTenantsEventRate_ResourceExhaustedAndNothingStored()
    {
        using var c = new EngineClients(Address, "chatty");
        await EventTypesAsync(c);
        var full = Batch([.. Enumerable.Range(0, 20).Select(i => Event("u1", "i" + i))]);
        await c.Events.TrackAsync(full).Within();

        // 20 spent, 1 back a second: a batch of 10 right after is refused whole.
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => c.Events.TrackAsync(Batch([.. Enumerable.Range(0, 10).Select(i => Event("u2", "i" + i))])).ResponseAsync, "Limits:EventsPerSecond");
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => c.Events.TrackAsync(Batch([.. Enumerable.Range(0, 21).Select(i => Event("u3", "i" + i))])).ResponseAsync, "Limits:EventsBurst");

        var stats = await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();
        Assert.Equal(20, stats.Total);
    }
}
