using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.IntegrationTests.Cluster;

/// <summary>Several engine processes on one real redis-server: the events every replica applies, and what survives killing things.</summary>
[Collection(ProcessTests.Name)]
public sealed class ClusterEventsTests(ITestOutputHelper output)
{
    private const string Tenant = "shop";

    [Fact]
    public async Task TwoReplicas_TypesCreatedOnA_AreSeenOnB_AndEventsTrackedOnA_ReachBsCounters()
    {
        await using var cluster = new ClusterReplicas(output);
        var a = await cluster.StartAsync();
        var b = await cluster.StartAsync();
        using var onA = new EngineClients(cluster[a].Address, Tenant);
        using var onB = new EngineClients(cluster[b].Address, Tenant);

        await Seed.EventTypesAsync(onA);
        var types = await onB.EventTypes.ListEventTypesAsync(new ListEventTypesRequest()).Within();
        Assert.Equal(["click", "purchase", "view"], types.EventTypes.Select(t => t.Type).Order());

        var response = await onA.Events.TrackAsync(Seed.Batch(
            Seed.Event("u1", "shoe", "click", "e1"), Seed.Event("u1", "sock", "purchase", "e2"), Seed.Event("u2", "shoe", "view", "e3"))).Within();
        Assert.Equal((3, 0), (response.Accepted, response.Duplicates));

        // Read-your-writes on A at once; B within the stream lag.
        var statsA = await onA.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();
        Assert.Equal(3, statsA.Total);
        var statsB = await Eventually.ReadUntilAsync(() => onB.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within(), s => s.Total == 3);
        Assert.Equal(statsA, statsB);

        // The same ids again, on the other replica: duplicates, cluster-wide.
        var retry = await onB.Events.TrackAsync(Seed.Batch(Seed.Event("u1", "shoe", "click", "e1"), Seed.Event("u3", "hat", "click", "e4"))).Within();
        Assert.Equal((1, 1), (retry.Accepted, retry.Duplicates));
        Assert.Equal(4, (await Eventually.ReadUntilAsync(() => onA.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within(), s => s.Total == 4)).Total);
    }

    [Fact]
    public async Task ReplicaKilledMidIngest_RestartsFromItsCheckpoint_AndALateReplicaRebuildsTheSameCounters()
    {
        await using var cluster = new ClusterReplicas(output);
        var a = await cluster.StartAsync();
        var b = await cluster.StartAsync();
        using (var onA = new EngineClients(cluster[a].Address, Tenant))
        {
            await Seed.EventTypesAsync(onA);
        }

        // Four writers on A, one on B, until A is SIGKILLed; every acknowledged batch is remembered.
        var acknowledged = await IngestUntilKilledAsync(cluster, a, b);
        var ackedEvents = acknowledged.Sum(batch => batch.Events.Count);
        Assert.True(ackedEvents >= 1000, $"only {ackedEvents} events acknowledged before the kill");

        using var onB = new EngineClients(cluster[b].Address, Tenant);
        var survivor = await Eventually.ReadUntilAsync(() => onB.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within(), s => s.Total >= ackedEvents);
        Assert.True(survivor.Total >= ackedEvents, $"B counts {survivor.Total} < {ackedEvents} acknowledged");

        // Every acknowledged batch again, on B: all duplicates (nothing acknowledged was lost, nothing counted twice).
        foreach (var batch in acknowledged)
        {
            var again = await onB.Events.TrackAsync(batch).Within();
            Assert.Equal((0, batch.Events.Count), (again.Accepted, again.Duplicates));
        }

        Assert.Equal(survivor, await onB.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within());

        // A restarts from its own checkpoint (taken under load) and replays the rest of the stream.
        await cluster.RestartAsync(a);
        Assert.Contains(cluster[a].Lines, l => l.Contains("Recovered from the cluster's event streams: checkpoint", StringComparison.Ordinal) && !l.Contains("checkpoint  with", StringComparison.Ordinal));
        using (var onA = new EngineClients(cluster[a].Address, Tenant))
        {
            Assert.Equal(survivor, await onA.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within());
        }

        // A replica that joins now, on an empty data directory, rebuilds the same counters from the streams.
        var c = await cluster.StartAsync();
        using var onC = new EngineClients(cluster[c].Address, Tenant);
        Assert.Equal(survivor, await onC.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within());
    }

    [Fact]
    public async Task RedisRestartedMidIngest_AcknowledgedEventsSurvive_AndReplicasReconnectByThemselves()
    {
        await using var cluster = new ClusterReplicas(output);
        var a = await cluster.StartAsync();
        var b = await cluster.StartAsync();
        using var onA = new EngineClients(cluster[a].Address, Tenant);
        using var onB = new EngineClients(cluster[b].Address, Tenant);
        await Seed.EventTypesAsync(onA);

        var acknowledged = new List<TrackRequest>();
        var refused = 0;
        var sent = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                var batch = Seed.Batch(Enumerable.Range(0, 10).Select(i => Seed.Event($"u{n % 50}", $"i{(n * 10) + i}", "click", $"r{n}-{i}")).ToArray());
                try
                {
                    await onA.Events.TrackAsync(batch, deadline: DateTime.UtcNow.AddSeconds(5));
                    acknowledged.Add(batch);
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                {
                    refused++;
                    await Task.Delay(20);
                }
            }
        });

        await Task.Delay(1000);
        cluster.Redis.Kill();
        await Task.Delay(1000);
        cluster.Redis.Restart();

        // Ingest works again without restarting any replica.
        var before = acknowledged.Count;
        await Eventually.ReadUntilAsync(() => Task.FromResult(acknowledged.Count), n => n > before + 20);
        await stop.CancelAsync();
        await writer;
        Assert.True(refused > 0, "no Track failed while Redis was down");
        Assert.True(acknowledged.Count > before + 20, "ingest did not come back after Redis restarted");

        var ackedEvents = acknowledged.Sum(batch => batch.Events.Count);
        var statsB = await Eventually.ReadUntilAsync(() => onB.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within(), s => s.Total >= ackedEvents);
        Assert.True(statsB.Total >= ackedEvents, $"B counts {statsB.Total} < {ackedEvents} acknowledged");
        foreach (var batch in acknowledged)
        {
            var again = await onB.Events.TrackAsync(batch).Within();
            Assert.Equal(0, again.Accepted);
        }

        Assert.Equal(statsB, await Eventually.ReadUntilAsync(() => onA.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within(), s => s.Equals(statsB)));
    }

    private static async Task<List<TrackRequest>> IngestUntilKilledAsync(ClusterReplicas cluster, int victim, int survivor)
    {
        var acknowledged = new List<TrackRequest>();
        using var onVictim = new EngineClients(cluster[victim].Address, Tenant);
        using var onSurvivor = new EngineClients(cluster[survivor].Address, Tenant);
        var killed = false;
        var next = 0;
        async Task WriteAsync(EngineClients c)
        {
            while (!Volatile.Read(ref killed))
            {
                var n = Interlocked.Increment(ref next);
                var batch = Seed.Batch(Enumerable.Range(0, 20).Select(i => Seed.Event($"u{n % 97}", $"i{((n * 20) + i) % 500}", i % 3 == 0 ? "view" : "click", $"k{n}-{i}")).ToArray());
                try
                {
                    await c.Events.TrackAsync(batch, deadline: DateTime.UtcNow.AddSeconds(10));
                    lock (acknowledged)
                    {
                        acknowledged.Add(batch);
                    }
                }
                catch (RpcException)
                {
                    return;
                }
            }
        }

        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => WriteAsync(onVictim)))
            .Append(Task.Run(() => WriteAsync(onSurvivor))).ToList();
        await Eventually.ReadUntilAsync(() => Task.FromResult(acknowledged.Count), n => n >= 150);
        await Task.Delay(1500); // past a checkpoint under load
        await cluster.KillAsync(victim);
        Volatile.Write(ref killed, true);
        await Task.WhenAll(writers);
        return acknowledged;
    }
}
