using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using NeuronEngine.Client.Internal;
using NeuronEngine.Client.Tests.Fixtures.Replicas;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests.Balancing;

/// <summary>One client over three replicas (real gRPC replicas.Servers on loopback sharing their event deduplication).</summary>
public sealed class ReplicaBalancingTests : IAsyncLifetime
{
    private const string Key = "nk_0123456789abcdef_secret";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ReplicaSet replicas = new();

    public Task InitializeAsync() => replicas.InitializeAsync();

    public Task DisposeAsync() => replicas.DisposeAsync();

    [Fact]
    public async Task Recommend_ThreeEndpoints_EachReplicaServesSomeWithTheTenantAndKey()
    {
        using var client = Client();

        await ReplicaCalls.UntilEachServedAsync(() => client.Recommendations.RecommendAsync("u1"), replicas.Servers, "Recommend");

        Assert.All(replicas.Servers, s => Assert.Equal(["acme"], s.Replica.Tenants));
        Assert.All(replicas.Servers, s => Assert.Equal([$"Bearer {Key}"], s.Replica.Authorizations));
    }

    [Fact]
    public async Task Recommend_OneReplicaKilled_EveryCallSucceedsOnTheOthers()
    {
        using var client = Client();
        await ReplicaCalls.UntilEachServedAsync(() => client.Recommendations.RecommendAsync("u1"), replicas.Servers, "Recommend");
        var survivors = replicas.Servers[1..];
        var before = survivors.Sum(s => s.Replica.Calls("Recommend"));

        await replicas.Servers[0].KillAsync();
        for (var i = 0; i < 30; i++)
        {
            var response = await client.Recommendations.RecommendAsync("u1").WaitAsync(Timeout);
            Assert.NotEqual("a", response.Items.Single().ItemId);
        }

        Assert.Equal(before + 30, survivors.Sum(s => s.Replica.Calls("Recommend")));
        await ReplicaCalls.UntilEachServedAsync(() => client.Recommendations.RecommendAsync("u1"), survivors, "Recommend");
    }

    [Fact]
    public async Task Recommend_ReplicaRefusingWithUnavailable_EveryCallSucceedsOnAnother()
    {
        using var client = Client();
        replicas.Servers[0].Replica.Refusing = true;

        await ReplicaCalls.UntilEachServedAsync(
            async () => Assert.NotEqual("a", (await client.Recommendations.RecommendAsync("u1")).Items.Single().ItemId), replicas.Servers, "Recommend");
    }

    /// <summary>A write that is not idempotent is never sent again: each refused one fails, having reached one replica once.</summary>
    [Fact]
    public async Task UpsertItems_ReplicaRefusingWithUnavailable_RefusedCallsFailWithoutRetry()
    {
        using var client = Client();
        replicas.Servers[0].Replica.Refusing = true;
        var (succeeded, failed) = (0, 0);

        await ReplicaCalls.UntilEachServedAsync(
            async () =>
            {
                try
                {
                    await client.Catalog.UpsertAsync([new Item { ItemId = "i1" }]);
                    succeeded++;
                }
                catch (NeuronClientException ex) when (ex.StatusCode == StatusCode.Unavailable)
                {
                    failed++;
                }
            },
            replicas.Servers,
            "UpsertItems");

        Assert.Equal(failed, replicas.Servers[0].Replica.Calls("UpsertItems"));
        Assert.Equal(succeeded, replicas.Servers[1..].Sum(s => s.Replica.Calls("UpsertItems")));
    }

    [Fact]
    public async Task Track_ReplicaRefusingWithUnavailable_EveryEventStoredOnceWithAnAssignedId()
    {
        using var client = Client();
        replicas.Servers[0].Replica.Refusing = true;
        var sent = new List<Event>();

        await ReplicaCalls.UntilEachServedAsync(
            async () =>
            {
                var e = new Event { UserId = "u1", ItemId = $"i{sent.Count}", Type = "click" };
                sent.Add(e);
                var response = await client.Events.TrackAsync([e]);
                Assert.Equal(1, response.Accepted);
            },
            replicas.Servers,
            "Track");

        Assert.All(sent, e => Assert.Equal(7, Guid.ParseExact(e.EventId, "N").Version));
        Assert.Equal(sent.Select(e => e.EventId).Order(), replicas.Ledger.Stored.Keys.Order());
        Assert.DoesNotContain("a", replicas.Ledger.Stored.Values);
    }

    [Fact]
    public async Task AddNeuronClient_Endpoints_EachReplicaServesSome()
    {
        await using var provider = new ServiceCollection()
            .AddNeuronClient(o =>
            {
                o.Endpoints = replicas.Addresses;
                o.Tenant = "acme";
            })
            .BuildServiceProvider();
        var client = provider.GetRequiredService<NeuronClient>();

        await ReplicaCalls.UntilEachServedAsync(() => client.Recommendations.RecommendAsync("u1"), replicas.Servers, "Recommend");
        replicas.Servers[0].Replica.Refusing = true;
        for (var i = 0; i < 10; i++)
        {
            Assert.NotEqual("a", (await client.Recommendations.RecommendAsync("u1").WaitAsync(Timeout)).Items.Single().ItemId);
        }
    }

    [Fact]
    public async Task Recommend_OneEndpointRefusing_TriedMaxAttemptsTimes()
    {
        using var client = new NeuronClient(new NeuronClientOptions { Endpoint = replicas.Servers[0].Address() });
        replicas.Servers[0].Replica.Refusing = true;

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.Recommendations.RecommendAsync("u1").WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(CallRetries.MaxAttempts, replicas.Servers[0].Replica.Calls("Recommend"));
    }

    [Fact]
    public async Task UpsertItems_OneEndpointRefusing_TriedOnce()
    {
        using var client = new NeuronClient(new NeuronClientOptions { Endpoint = replicas.Servers[0].Address() });
        replicas.Servers[0].Replica.Refusing = true;

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.Catalog.UpsertAsync([new Item { ItemId = "i1" }]).WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(1, replicas.Servers[0].Replica.Calls("UpsertItems"));
    }

    private NeuronClient Client() => new(new NeuronClientOptions
    {
        Endpoints = replicas.Addresses,
        Tenant = "acme",
        ApiKey = Key,
    });
}
