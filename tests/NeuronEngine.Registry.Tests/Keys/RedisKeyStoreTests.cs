using NeuronEngine.Core;
using NeuronEngine.Registry.Keys;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Registry.Tests.EventTypes;
using NeuronEngine.Testing;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Tests.Keys;

/// <summary>Two replicas (two connections, one key prefix) writing keys at once get what one node would give.</summary>
public sealed class RedisKeyStoreTests : IDisposable
{
    private static readonly byte[] Salt = new byte[16];
    private static readonly byte[] Hash = new byte[32];

    private readonly TestRegistry registry = new(RegistryBackend.Redis);
    private readonly ConnectionMultiplexer otherConnection = ConnectionMultiplexer.Connect(RedisServer.Shared.Configuration);
    private readonly RedisControlPlane other;

    public RedisKeyStoreTests() => other = new RedisControlPlane(otherConnection, registry.Redis!.Prefix);

    public void Dispose()
    {
        otherConnection.Dispose();
        registry.Dispose();
    }

    /// <summary>Two replicas revoking the last two operator keys at once: one must be refused, or no operator key is left.</summary>
    [Fact]
    public async Task Revoke_LastTwoOperatorKeysOnTwoReplicas_OneIsRefused()
    {
        var stores = new IKeyStore[] { registry.Keys, new RedisKeyStore(other, registry.Clock) };
        stores[0].Create("op-start", "op", "acme", Roles.Operator, Salt, Hash);
        for (var round = 0; round < 20; round++)
        {
            var survivor = stores[0].List("acme").Single(k => k.Revoked is null).KeyId;
            var added = $"op-{round}";
            stores[1].Create(added, "op", "acme", Roles.Operator, Salt, Hash);

            var outcomes = await RedisEventTypeStoreTests.Race(2, i => stores[i].Revoke(i == 0 ? survivor : added));

            Assert.Single(outcomes, o => o is null);
            Assert.Equal(ErrorKind.FailedPrecondition, Assert.Single(outcomes.OfType<NeuronException>()).Kind);
            Assert.Single(stores[0].List("acme"), k => k.Revoked is null);
        }
    }

    /// <summary>Last-use times and a revocation written by different replicas at once both stay.</summary>
    [Fact]
    public async Task RecordUse_RacingRevokeOnAnotherReplica_BothKept()
    {
        var recorder = registry.Keys;
        var revoker = new RedisKeyStore(other, registry.Clock);
        var at = registry.Clock.GetUtcNow().AddMinutes(1);
        var ids = Enumerable.Range(0, 50).Select(i => $"k{i}").ToList();
        foreach (var id in ids)
        {
            recorder.Create(id, "svc", "acme", Roles.Serve, Salt, Hash);
        }

        var outcomes = await RedisEventTypeStoreTests.Race(2, i =>
        {
            if (i == 0)
            {
                recorder.RecordUse([.. ids.Select(id => (id, at))]);
            }
            else
            {
                foreach (var id in ids)
                {
                    revoker.Revoke(id);
                }
            }
        });

        Assert.All(outcomes, Assert.Null);
        Assert.All(recorder.List("acme"), key => Assert.Equal((at, registry.Clock.GetUtcNow()), (key.LastUsed, key.Revoked)));
        Assert.Equal(0, revoker.CountActive("acme"));
    }
}
