using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Cluster;

/// <summary>
/// Promotions across three in-process replicas on one Redis. A version's artifact is copied into each replica's data
/// directory the test wants to have it (what fetching artifacts from Redis will do; with that in place, the copies are
/// harmless), so a replica without it shows how a failed load is reported and retried.
/// </summary>
[Collection(Recovery.ProcessTests.Name)]
public sealed class InProcessPromotionTests : IAsyncLifetime
{
    private const string Tenant = "shop";

    // AOF, so a Redis restart keeps the registry; fsync every second rather than every write, which on a busy disk stalls
    // Redis (and every replica's reads) for seconds.
    private readonly RedisServer redis = RedisServer.Start(appendOnly: true, appendFsync: "everysec");
    private readonly TempDirectory scratch = new("cluster-artifacts");
    private OwnEngine a = null!;
    private OwnEngine b = null!;
    private OwnEngine c = null!;

    public async Task InitializeAsync()
    {
        a = await StartAsync("a");
        b = await StartAsync("b");
        c = await StartAsync("c");

        // Every replica counted before a test promotes: one still starting is not, and would then not be waited for.
        using var clients = Clients(a);
        var admin = new AdminService.AdminServiceClient(clients.Invoker);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await admin.GetClusterStatusAsync(new GetClusterStatusRequest()).Within()).Replicas.Count(r => r.Ready) < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "three replicas did not all become ready within a minute");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        // Every engine and the Redis server are released even when one engine's disposal fails (then rethrown).
        var failures = new List<Exception>();
        foreach (var engine in new[] { a, b, c })
        {
            try
            {
                if (engine is not null)
                {
                    await engine.DisposeAsync();
                }
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        redis.Dispose();
        scratch.Dispose();
        if (failures.Count > 0)
        {
            throw new AggregateException(failures);
        }
    }

    [Fact]
    public async Task Promote_OnOneReplica_AnotherWatchesUpdatingThenInServiceAndEveryReplicaServesIt()
    {
        using var onA = Clients(a);
        var v1 = await RegisterAsync(onA, "v1", copyTo: [b, c]);
        var v2 = await RegisterAsync(onA, "v2", copyTo: [b, c]);
        using var onB = Clients(b);
        await PromoteAndSettleAsync(onB, v1);

        using var onC = Clients(c);
        using (var watch = await ClusterWatch.StartAsync(onC))
        {
            await onB.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within();
            var settled = await watch.UntilAsync(e => e.Status == EndpointStatus.InService && e.Version == v2);

            Assert.Equal(("recs", v2), (settled.Family, settled.Version));
            Assert.Contains(watch.Seen, e => e.Status == EndpointStatus.Updating);
        }

        await AssertServedEverywhereAsync(v2);

        // A rollback is a promotion of the older version, from any replica.
        using (var watch = await ClusterWatch.StartAsync(onA))
        {
            await onC.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v1 }).Within();
            await watch.UntilAsync(e => e.Status == EndpointStatus.InService && e.Version == v1);
        }

        await AssertServedEverywhereAsync(v1);
        Assert.Equal(3, (await onA.Models.ListPromotionsAsync(new ListPromotionsRequest()).Within()).Promotions.Count);
    }

    [Fact]
    public async Task Promote_ReplicaCannotLoadTheVersion_UpdatingWithItsErrorUntilItCanThenInService()
    {
        using var onA = Clients(a);
        var v1 = await RegisterAsync(onA, "v1", copyTo: [b, c]);
        var v2 = await RegisterAsync(onA, "v2", copyTo: [b]);
        await PromoteAndSettleAsync(onA, v1);

        // Take the artifacts' blobs out of Redis, so C cannot fetch v2 (B and C hold the copies they need otherwise).
        using (var direct = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            var server = direct.GetServer(direct.GetEndPoints()[0]);
            foreach (var key in server.Keys(pattern: "{neuron:blob:*"))
            {
                await direct.GetDatabase().KeyDeleteAsync(key);
            }
        }

        using var onB = Clients(b);
        using var onC = Clients(c);
        using var watch = await ClusterWatch.StartAsync(onA);
        var promoted = await onB.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within();
        Assert.Equal(v2, promoted.Version);

        // C has no artifact for v2: it keeps serving v1 and says why in its heartbeat; the promotion itself succeeded.
        var stuck = await watch.UntilAsync(e => e.Status == EndpointStatus.Updating && e.LastError.Length > 0);
        Assert.Equal(v2, stuck.Version);
        Assert.Contains($"cannot load recs@{v2}", stuck.LastError, StringComparison.Ordinal);
        Assert.Equal(v1, (await onC.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within()).Model.Version);
        Assert.Equal("succeeded", (await onA.Models.ListPromotionsAsync(new ListPromotionsRequest()).Within()).Promotions.Single(p => p.Version == v2).Result);

        // The artifact arrives: C's next retry loads it.
        CopyArtifact(a, c, v2);
        await watch.UntilAsync(e => e.Status == EndpointStatus.InService && e.Version == v2);
        Assert.Equal("", watch.Seen[^1].LastError);
        await AssertServedEverywhereAsync(v2);
    }

    [Fact]
    public async Task Promote_LaggingReplicaStops_EndpointInServiceOnTheOthers()
    {
        using var onA = Clients(a);
        var v1 = await RegisterAsync(onA, "v1", copyTo: [b, c]);
        var v2 = await RegisterAsync(onA, "v2", copyTo: [b]);
        await PromoteAndSettleAsync(onA, v1);

        using var watch = await ClusterWatch.StartAsync(onA);
        await onA.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within();
        await watch.UntilAsync(e => e.Status == EndpointStatus.Updating && e.Version == v2);

        await c.DisposeAsync();
        c = null!;

        await watch.UntilAsync(e => e.Status == EndpointStatus.InService && e.Version == v2);
    }

    [Fact]
    public async Task RedisDown_ReplicasKeepServing_ThenPromotionsReachEveryReplicaWhenItIsBack()
    {
        using var onA = Clients(a);
        using var onB = Clients(b);
        var v1 = await RegisterAsync(onA, "v1", copyTo: [b, c]);
        var v2 = await RegisterAsync(onA, "v2", copyTo: [b, c]);
        await PromoteAndSettleAsync(onA, v1);

        // What was written is on disk a second later (appendfsync everysec); then Redis dies without a word.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        redis.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await AssertServedEverywhereAsync(v1);
        var status = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => onA.Models.GetEndpointAsync(new GetEndpointRequest()).Within());
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, status.StatusCode);

        redis.Restart();
        using var onC = Clients(c);
        using var watch = await EventuallyAsync(() => ClusterWatch.StartAsync(onC));
        await EventuallyAsync(() => onB.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within());
        await watch.UntilAsync(e => e.Status == EndpointStatus.InService && e.Version == v2);
        await AssertServedEverywhereAsync(v2);
    }

    [Fact]
    public async Task GetClusterStatus_EveryReplicaWithWhatItServes()
    {
        using var onA = Clients(a);
        var v1 = await RegisterAsync(onA, "v1", copyTo: [b, c]);
        await PromoteAndSettleAsync(onA, v1);

        var status = await new AdminService.AdminServiceClient(onA.Invoker).GetClusterStatusAsync(new GetClusterStatusRequest()).Within();

        Assert.Equal(3, status.Replicas.Count);
        Assert.Contains(status.ReplicaId, status.Replicas.Select(r => r.Id));
        Assert.All(status.Replicas, replica =>
        {
            Assert.True(replica.Ready);
            Assert.Equal(0, replica.Promoting);
            Assert.Single(replica.Addresses);
            var endpoint = Assert.Single(replica.Endpoints);
            Assert.Equal((Tenant, "production", "recs", v1, ""), (endpoint.Tenant, endpoint.Endpoint, endpoint.Family, endpoint.Version, endpoint.LastError));
        });
    }

    private async Task<OwnEngine> StartAsync(string name) => await OwnEngine.StartAsync("cluster-" + name,
    [
        "--cluster", $"redis=127.0.0.1:{redis.Port}",
        "--Cluster:HeartbeatInterval", "00:00:00.200",
    ]);

    /// <summary>Retries a call refused with UNAVAILABLE (the replicas reconnecting to Redis) for up to a minute.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static EngineClients Clients(OwnEngine engine) => new(engine.Address, Tenant);

    private async Task<int> RegisterAsync(EngineClients clients, string name, OwnEngine[] copyTo)
    {
        var version = await ModelUploads.RegisterApprovedAsync(clients, "recs", scratch, name);
        foreach (var engine in copyTo)
        {
            CopyArtifact(a, engine, version);
        }

        return version;
    }

    /// <summary>Puts the artifact <paramref name="from"/> holds where <paramref name="to"/> loads it from.</summary>
    private static void CopyArtifact(OwnEngine from, OwnEngine to, int version)
    {
        var relative = Path.Combine("models", Tenant, "recs", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var target = Path.Combine(to.Data.Path, relative);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(from.Data.Path, relative)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    private async Task PromoteAndSettleAsync(EngineClients clients, int version)
    {
        using var watch = await ClusterWatch.StartAsync(clients);
        await clients.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = version }).Within();
        await watch.UntilAsync(e => e.Status == EndpointStatus.InService && e.Version == version);
    }

    private async Task AssertServedEverywhereAsync(int version)
    {
        foreach (var engine in new[] { a, b, c })
        {
            using var clients = Clients(engine);
            var response = await clients.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within();
            Assert.Equal(("recs", version), (response.Model.Family, response.Model.Version));
        }
    }
}
