using NeuronEngine.Client.Tests.Fixtures;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests.Balancing;

/// <summary>
/// One client over two real engines (each with its own data: they share no deduplication, so each event is tracked once
/// by a call that succeeds, and the engines' counts add up to the calls).
/// </summary>
public sealed class EngineReplicasTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory data = new("client-replicas");
    private readonly string tenant = EngineFixture.NewTenant();
    private TestEngine? first;
    private TestEngine? second;

    private TestEngine First => first ?? throw new InvalidOperationException("not started");

    private TestEngine Second => second ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        first = await TestEngine.StartAsync(data.Combine("first"));
        second = await TestEngine.StartAsync(data.Combine("second"));
        foreach (var engine in new[] { first, second })
        {
            using var client = EngineFixture.ClientFor(engine.Address, tenant);
            await client.EventTypes.CreateAsync("click", "Click", 3).WaitAsync(Timeout);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var engine in new[] { first, second })
        {
            if (engine is not null)
            {
                await engine.DisposeAsync();
            }
        }

        data.Dispose();
    }

    [Fact]
    public async Task Track_TwoEngines_SpreadOverBothThenAllOnTheSurvivorWhenOneStops()
    {
        using var client = EngineFixture.ClientFor("http://unused:1", tenant, o => o.Endpoints = [First.Address, Second.Address]);
        using var toFirst = EngineFixture.ClientFor(First.Address, tenant);
        using var toSecond = EngineFixture.ClientFor(Second.Address, tenant);
        var calls = 0;
        long onFirst = 0, onSecond = 0;
        while (onFirst == 0 || onSecond == 0)
        {
            Assert.True(calls < 500, $"after {calls} calls one engine has no event: first {onFirst}, second {onSecond}");
            await client.Events.TrackAsync([EngineFixture.Click(calls++)]).WaitAsync(Timeout);
            onFirst = (await toFirst.Events.GetStatsAsync().WaitAsync(Timeout)).Total;
            onSecond = (await toSecond.Events.GetStatsAsync().WaitAsync(Timeout)).Total;
        }

        Assert.Equal(calls, onFirst + onSecond);

        await First.StopAsync();
        for (var i = 0; i < 20; i++)
        {
            var response = await client.Events.TrackAsync([EngineFixture.Click(calls + i)]).WaitAsync(Timeout);
            Assert.Equal(1, response.Accepted);
        }

        Assert.Equal(onSecond + 20, (await toSecond.Events.GetStatsAsync().WaitAsync(Timeout)).Total);
        Assert.Equal(onSecond + 20, (await client.Events.GetStatsAsync().WaitAsync(Timeout)).Total);
    }
}
