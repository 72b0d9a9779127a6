using NeuronEngine.Core;
using NeuronEngine.Engine.Cluster;
using NeuronEngine.Engine.Ingest;
using NeuronEngine.Engine.Security;
using NeuronEngine.Registry.EventTypes;
using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Engine.Tests.Cluster;

/// <summary>
/// The two caches on hot paths in cluster mode, on a real Redis: the API-key cache rechecks a cached key in the
/// background (a revocation whose message was lost still takes effect), and the event-type cache loads asynchronously.
/// </summary>
public sealed class ClusterCachesTests : IDisposable
{
    private readonly ClusterTestEnvironment env = new();

    [Fact]
    public async Task ARevocationWhoseMessageWasLost_TakesEffectAfterTheRecheckPeriod_WhileTheCachedCopyAnswersMeanwhile()
    {
        var a = env.Cluster("a");
        var b = env.Cluster("b");
        var storeOnA = new RedisKeyStore(a.ControlPlane, TimeProvider.System);
        var onB = new KeyAuthenticator(new RedisKeyStore(b.ControlPlane, TimeProvider.System), TimeProvider.System, new ClusterInvalidations(b));
        var key = KeyAdministration.NewKey.Make("app", "acme", Roles.Serve, out var secret);
        storeOnA.Create(key.KeyId, key.Name, key.Tenant, key.Roles, key.Salt, key.Hash);
        Assert.Equal(key.KeyId, onB.Authenticate(secret).KeyId);

        // Revoked in Redis without a message to B (as when A dies between its commit and its publish).
        storeOnA.Revoke(key.KeyId);
        Assert.Equal(key.KeyId, onB.Authenticate(secret).KeyId);

        // After the recheck period, a use starts the recheck and is still answered from the cache; the read lands in
        // the background and the next use is refused.
        await Task.Delay(KeyAuthenticator.ClusterRecheck + TimeSpan.FromMilliseconds(200));
        Assert.Equal(key.KeyId, onB.Authenticate(secret).KeyId);
        var refused = await Eventually(() =>
        {
            try
            {
                onB.Authenticate(secret);
                return null;
            }
            catch (NeuronException ex)
            {
                return ex;
            }
        });
        Assert.Equal(ErrorKind.Unauthenticated, refused.Kind);
        Assert.Contains("revoked", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventTypes_ConcurrentMissesShareOneAsynchronousRead_AndAChangeOnAnotherReplicaIsSeen()
    {
        var a = env.Cluster("a");
        var b = env.Cluster("b");
        var typesOnA = new RedisEventTypeStore(a.ControlPlane, TimeProvider.System);
        var cacheOnA = new EventTypeCache(typesOnA, new ClusterInvalidations(a));
        var cacheOnB = new EventTypeCache(new RedisEventTypeStore(b.ControlPlane, TimeProvider.System), new ClusterInvalidations(b));
        typesOnA.Create("acme", "click", "Click", 3);

        var loads = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => cacheOnB.GetWeightsAsync("acme").AsTask()));
        Assert.All(loads, weights => Assert.Equal(3, weights["click"]));
        Assert.Single(loads.Distinct());

        // Changed through A's cache (which tells the other replicas): B reads the new weight.
        typesOnA.Update("acme", "click", "Click", 7);
        cacheOnA.Invalidate("acme");
        var seen = await Eventually(async () => (await cacheOnB.GetWeightsAsync("acme"))["click"] == 7 ? "seen" : null);
        Assert.Equal("seen", seen);
    }

    private static async Task<T> Eventually<T>(Func<T?> read)
        where T : class => await Eventually(() => Task.FromResult(read()));

    private static async Task<T> Eventually<T>(Func<Task<T?>> read)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(50);
        }
    }

    public void Dispose() => env.Dispose();
}
