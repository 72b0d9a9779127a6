using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Registry.EventTypes;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Testing;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Tests.EventTypes;

/// <summary>Two replicas (two connections, one key prefix) writing event types at once get what one node would give.</summary>
public sealed class RedisEventTypeStoreTests : IDisposable
{
    private const string Tenant = "acme";
    private readonly TestRegistry registry = new(RegistryBackend.Redis);
    private readonly ConnectionMultiplexer otherConnection = ConnectionMultiplexer.Connect(RedisServer.Shared.Configuration);
    private readonly RedisControlPlane other;

    public RedisEventTypeStoreTests() => other = new RedisControlPlane(otherConnection, registry.Redis!.Prefix);

    public void Dispose()
    {
        otherConnection.Dispose();
        registry.Dispose();
    }

    [Fact]
    public async Task Create_TwoReplicasRacingPastTheLimit_NeverMoreThanTheLimit()
    {
        registry.Limits.EventTypes = new CountLimit("Limits:MaxEventTypes", 3);
        var stores = new IEventTypeStore[] { registry.EventTypes, new RedisEventTypeStore(other, registry.Clock, Options.Create(registry.Limits)) };

        var outcomes = await Race(16, i => stores[i % 2].Create(Tenant, $"type_{i}", "T", 1));

        Assert.Equal(3, outcomes.Count(o => o is null));
        Assert.All(outcomes.OfType<NeuronException>(), ex => Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind));
        Assert.Equal(3, registry.EventTypes.List(Tenant).Count);
    }

    [Fact]
    public async Task Create_TwoReplicasSameType_OneCreatesTheRestAlreadyExists()
    {
        var stores = new IEventTypeStore[] { registry.EventTypes, new RedisEventTypeStore(other, registry.Clock) };

        var outcomes = await Race(8, i => stores[i % 2].Create(Tenant, "click", $"Click {i}", 1 + i));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.OfType<NeuronException>(), ex => Assert.Equal(ErrorKind.AlreadyExists, ex.Kind));
        var winner = Array.FindIndex(outcomes, o => o is null);
        Assert.Equal(1 + winner, registry.EventTypes.Get(Tenant, "click").Weight);
    }

    /// <summary>
    /// A type deleted on one replica while another publishes a template using it: one of the two must fail, else a
    /// Published template would name a type that no longer exists.
    /// </summary>
    [Fact]
    public async Task Delete_RacingPublishOnAnotherReplica_ExactlyOneSucceeds()
    {
        var types = registry.EventTypes;
        var templates = new RedisTemplateStore(other, registry.Clock);
        for (var round = 0; round < 20; round++)
        {
            var type = $"t{round}";
            var id = $"home-{round}";
            types.Create(Tenant, type, "T", 5);
            templates.Create(Tenant, new TemplateSpec(id, "Home", [new SignalSpec(type, null, 0)]));

            var outcomes = await Race(2, i =>
            {
                if (i == 0)
                {
                    types.Delete(Tenant, type);
                }
                else
                {
                    templates.Publish(Tenant, id);
                }
            });

            Assert.Single(outcomes, o => o is null);
            Assert.Equal(ErrorKind.FailedPrecondition, Assert.Single(outcomes.OfType<NeuronException>()).Kind);
            var published = registry.Templates.Get(Tenant, id).Status == TemplateStatus.Published;
            Assert.Equal(published, types.Find(Tenant, type) is not null);
        }
    }

    /// <summary>Runs <paramref name="count"/> calls at once on their own threads; each outcome is null or what it threw.</summary>
    internal static async Task<NeuronException?[]> Race(int count, Action<int> call)
    {
        using var start = new Barrier(count);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            try
            {
                call(i);
                return null;
            }
            catch (NeuronException ex)
            {
                return ex;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
