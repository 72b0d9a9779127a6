using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Registry.Tests.EventTypes;
using NeuronEngine.Testing;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Tests.Templates;

/// <summary>Two replicas (two connections, one key prefix) writing one template at once get what one node would give.</summary>
public sealed class RedisTemplateStoreTests : IDisposable
{
    private const string Tenant = "acme";
    private readonly TestRegistry registry = new(RegistryBackend.Redis);
    private readonly ConnectionMultiplexer otherConnection = ConnectionMultiplexer.Connect(RedisServer.Shared.Configuration);
    private readonly RedisControlPlane other;

    public RedisTemplateStoreTests()
    {
        other = new RedisControlPlane(otherConnection, registry.Redis!.Prefix);
        foreach (var type in new[] { "click", "view", "purchase" })
        {
            registry.EventTypes.Create(Tenant, type, type, 5);
        }
    }

    public void Dispose()
    {
        otherConnection.Dispose();
        registry.Dispose();
    }

    [Fact]
    public async Task Update_TwoReplicasAtOnce_OneWholeUpdateWins()
    {
        var stores = new ITemplateStore[] { registry.Templates, new RedisTemplateStore(other, registry.Clock) };
        stores[0].Create(Tenant, new TemplateSpec("home", "Home", [new SignalSpec("click", null, 0)]));
        var specs = Enumerable.Range(0, 8).Select(i => new TemplateSpec(
            "home", $"Home {i}", [new SignalSpec(i % 2 == 0 ? "view" : "purchase", i + 1, i), new SignalSpec("click", null, i)], i)).ToArray();

        var outcomes = await RedisEventTypeStoreTests.Race(specs.Length, i => stores[i % 2].Update(Tenant, specs[i]));

        Assert.All(outcomes, Assert.Null);
        var stored = registry.Templates.Get(Tenant, "home");
        var winner = int.Parse(stored.Name["Home ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(winner, stored.MinTotalEvents);
        Assert.Equal(specs[winner].Signals.Select(s => (s.Type, s.Threshold)), stored.Signals.Select(s => (s.Type, s.Threshold)));
    }

    [Fact]
    public async Task Update_RacingPublishOnAnotherReplica_PublishedIsNeverEditedAfter()
    {
        var stores = new ITemplateStore[] { registry.Templates, new RedisTemplateStore(other, registry.Clock) };
        for (var round = 0; round < 20; round++)
        {
            var id = $"home-{round}";
            stores[0].Create(Tenant, new TemplateSpec(id, "Before", [new SignalSpec("click", null, 0)]));

            var outcomes = await RedisEventTypeStoreTests.Race(2, i =>
            {
                if (i == 0)
                {
                    stores[0].Update(Tenant, new TemplateSpec(id, "After", [new SignalSpec("view", 9, 0)]));
                }
                else
                {
                    stores[1].Publish(Tenant, id);
                }
            });

            var stored = registry.Templates.Get(Tenant, id);
            Assert.Equal(TemplateStatus.Published, stored.Status);
            Assert.Null(outcomes[1]);
            if (outcomes[0] is { } refused)
            {
                // Publish committed first: the update was refused and the published content is the one before it.
                Assert.Equal(ErrorKind.FailedPrecondition, refused.Kind);
                Assert.Equal(("Before", "click", 5), (stored.Name, stored.Signals[0].Type, stored.Signals[0].Weight!.Value));
            }
            else
            {
                Assert.Equal(("After", "view", 9), (stored.Name, stored.Signals[0].Type, stored.Signals[0].Weight!.Value));
            }
        }
    }
}
