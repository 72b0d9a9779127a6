using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace NeuronEngine.IntegrationTests.Cluster;

/// <summary>
/// What the streams hold over time: entries Redis lost after replicas applied them, and trimming. Real engine
/// processes on a real redis-server; Redis's own state is changed the way a crash or a trim would change it.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ClusterStreamTests(ITestOutputHelper output)
{
    private const string Tenant = "shop";

    [Fact]
    public async Task RedisLosesAnEntryReplicasApplied_TheyReportTheGap_AndARestartRebuildsWithoutIt()
    {
        await using var cluster = new ClusterReplicas(output);
        var a = await cluster.StartAsync();
        var b = await cluster.StartAsync();
        using var onA = new EngineClients(cluster[a].Address, Tenant);
        using var onB = new EngineClients(cluster[b].Address, Tenant);
        await Seed.EventTypesAsync(onA);

        await onA.Events.TrackAsync(Seed.Batch(Seed.Event("u1", "shoe", "click", "k1"), Seed.Event("u2", "sock", "view", "k2"))).Within();
        await onA.Events.TrackAsync(Seed.Batch(Seed.Event("u3", "hat", "purchase", "k3"))).Within();
        await Eventually.ReadUntilAsync(() => onB.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within(), s => s.Total == 3);

        // What a Redis crash with appendfsync everysec does: the last entry, the sequence counter's last step and the
        // stream's last id are gone together (they are in the same AOF).
        using (var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Configuration))
        {
            var db = redis.GetDatabase();
            RedisKey stream = $"{{{cluster.Prefix}:ev:{Tenant}}}:events", sequence = $"{{{cluster.Prefix}:ev:{Tenant}}}:events-seq";
            var last = await db.StreamRangeAsync(stream, "-", "+", count: 2, messageOrder: Order.Descending);
            Assert.Equal(2, last.Length);
            Assert.Equal(1, await db.StreamDeleteAsync(stream, [last[0].Id]));
            await db.ExecuteAsync("XSETID", stream, (string)last[1].Id!);
            Assert.Equal(1, await db.StringDecrementAsync(sequence));
        }

        // The next entry takes the lost one's sequence number: both replicas, which applied the lost entry, see it.
        await onB.Events.TrackAsync(Seed.Batch(Seed.Event("u4", "shoe", "view", "k4"), Seed.Event("u4", "sock", "view", "k5"))).Within();
        await Eventually.ReadUntilAsync(() => Task.FromResult(cluster[b].Lines.Count(IsGap)), n => n > 0);
        await Eventually.ReadUntilAsync(() => Task.FromResult(cluster[a].Lines.Count(IsGap)), n => n > 0);

        // Its data directory remembers it, and a restart rebuilds from the streams as Redis holds them: the lost event is
        // no longer counted, and A agrees with a replica that never saw it.
        await cluster.StopAsync(a);
        await cluster.RestartAsync(a);
        Assert.Contains(cluster[a].Lines, l => l.Contains("stopped matching the event streams before it stopped", StringComparison.Ordinal));
        using var restarted = new EngineClients(cluster[a].Address, Tenant);
        var stats = await restarted.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();
        Assert.Equal(4, stats.Total);
        var c = await cluster.StartAsync();
        using var onC = new EngineClients(cluster[c].Address, Tenant);
        Assert.Equal(stats, await onC.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within());

        static bool IsGap(string line) => line.Contains("went from sequence number", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trimming_KeepsWhatASnapshotOrAReplicaStillNeeds_AndAReplicaJoiningLaterRebuildsFromWhatIsLeft()
    {
        await using var cluster = new ClusterReplicas(output);
        string[] trimming = ["--Cluster:RetainEvents", "00:00:01", "--Cluster:TrimInterval", "00:00:01"];
        var a = await cluster.StartAsync(trimming);
        var b = await cluster.StartAsync(trimming);
        using var onA = new EngineClients(cluster[a].Address, Tenant);
        using var onB = new EngineClients(cluster[b].Address, Tenant);
        await Seed.EventTypesAsync(onA);

        using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Configuration);
        var db = redis.GetDatabase();
        RedisKey stream = $"{{{cluster.Prefix}:ev:{Tenant}}}:events";

        // A run's snapshot being written holds the whole stream (a hold among the replicas' cursors).
        RedisKey holds = $"{{{cluster.Prefix}}}:stream-cursor-replicas", hold = $"{{{cluster.Prefix}}}:stream-cursors:snapshot-test";
        await db.HashSetAsync(hold, [new HashEntry(Tenant, "0-0"), new HashEntry("@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);
        await db.SetAddAsync(holds, "snapshot-test");

        for (var i = 0; i < 5; i++)
        {
            await onA.Events.TrackAsync(Seed.Batch(Seed.Event($"u{i}", "shoe", "click", $"t{i}"))).Within();
        }

        await Eventually.ReadUntilAsync(() => onB.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within(), s => s.Total == 5);

        // Past the retention, with both replicas' checkpoints at the end (so only the hold holds anything back):
        // nothing is trimmed.
        var newest = (await db.StreamRangeAsync(stream, "-", "+", count: 1, messageOrder: Order.Descending))[0].Id;
        await Eventually.ReadUntilAsync(() => ReplicaCursorsAsync(db, cluster.Prefix), c => c.Count == 2 && c.All(id => id == newest));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(5, await db.StreamLengthAsync(stream));

        // Released: trimmed down to the newest entry, which always stays.
        await db.SetRemoveAsync(holds, "snapshot-test");
        await db.KeyDeleteAsync(hold);
        Assert.Equal(1, await Eventually.ReadUntilAsync(() => db.StreamLengthAsync(stream), n => n == 1));

        // The replicas keep their counters (trimming never passes a cursor), and keep applying new entries.
        await onA.Events.TrackAsync(Seed.Batch(Seed.Event("u9", "hat", "view", "t9"))).Within();
        var stats = await Eventually.ReadUntilAsync(() => onB.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within(), s => s.Total == 6);
        Assert.Equal(stats, await onA.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within());

        // A replica that joins now rebuilds from what is left: the newest entry only.
        Assert.Equal(1, await Eventually.ReadUntilAsync(() => db.StreamLengthAsync(stream), n => n == 1));
        var c = await cluster.StartAsync(trimming);
        using var onC = new EngineClients(cluster[c].Address, Tenant);
        Assert.Equal(1, (await onC.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total);
    }

    /// <summary>The cursor each replica (not a hold) last published for the tenant's stream.</summary>
    private static async Task<List<RedisValue>> ReplicaCursorsAsync(IDatabase db, string prefix)
    {
        var cursors = new List<RedisValue>();
        foreach (var replica in await db.SetMembersAsync($"{{{prefix}}}:stream-cursor-replicas"))
        {
            if (!((string)replica!).StartsWith("snapshot-", StringComparison.Ordinal))
            {
                cursors.Add(await db.HashGetAsync($"{{{prefix}}}:stream-cursors:{replica}", Tenant));
            }
        }

        return cursors;
    }
}
