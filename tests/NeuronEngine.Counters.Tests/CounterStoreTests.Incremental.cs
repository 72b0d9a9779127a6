using System.Text.Json.Nodes;
using NeuronEngine.Counters.Checkpoints;
using NeuronEngine.Counters.Storage;
using NeuronEngine.Counters.Tests.Support;
using NeuronEngine.EventLog;
using static NeuronEngine.Counters.Tests.Support.Events;

namespace NeuronEngine.Counters.Tests;

public sealed partial class CounterStoreTests
{
    [Fact]
    public async Task CheckpointAsync_IncrementalChainsThenCrash_RecoversExactlyLikeApplyingOnce()
    {
        var (tenants, users, items, ids, batches) = Workload(seed: 3, batchCount: 80);
        var ends = batches.Select((_, i) => new LogPosition((i + 1) * 100L)).ToArray();
        void Configure(CounterOptions o)
        {
            o.PopularK = 8;
            o.HistoryLength = 10;
            o.FullCheckpointEvery = 4;
            o.CheckpointsToKeep = 3;
        }

        using var crashed = new StoreFixture(Configure);
        var store = crashed.Open();
        var infos = new List<CheckpointInfo>();
        for (var i = 0; i < 70; i++)
        {
            store.Apply(batches[i], ends[i]);
            if (i < 60 && (i + 1) % 6 == 0)
            {
                infos.Add(await store.CheckpointAsync().WaitAsync(Timeout));
            }
        }

        store.Dispose(); // a crash: batches 60–69 are lost

        // Ten checkpoints, full at 1, 5 and 9: the kept 8 is a delta on 5, 10 a delta on 9.
        var markers = Markers(crashed);
        Assert.Equal(infos.TakeLast(3).Select(i => i.Token).Order(), markers.Keys.Order());
        Assert.Equal(infos[4].Token, markers[infos[7].Token].LogToken);
        Assert.Equal(infos[8].Token, markers[infos[9].Token].LogToken);
        Assert.Equal(infos[8].Token, markers[infos[9].Token].IndexToken);
        Assert.True(markers[infos[9].Token].DeltaBytes > 0);
        Assert.Equal(0, markers[infos[8].Token].DeltaBytes);
        Assert.Equal(new[] { infos[4].Token, infos[8].Token }.Order(), FasterTokens(crashed).Order());

        var recovered = crashed.Open(out var from);
        Assert.Equal(infos[9].Position, from);
        for (var i = 0; i < batches.Count; i++)
        {
            if (i == 0 ? from.Offset == 0 : ends[i - 1] >= from)
            {
                recovered.Apply(batches[i], ends[i]);
            }
        }

        using var once = new StoreFixture(Configure);
        var reference = once.Open();
        for (var i = 0; i < batches.Count; i++)
        {
            reference.Apply(batches[i], ends[i]);
        }

        Assert.Equal(StateDump.Of(reference, tenants, users, items, ids, 90 * Hour), StateDump.Of(recovered, tenants, users, items, ids, 90 * Hour));
        Assert.Equal(reference.AppliedPosition, recovered.AppliedPosition);
    }

    [Fact]
    public async Task Recover_NewestIncrementalMarkerMissing_RecoversPreviousDeltaExactly()
    {
        var (tenants, users, items, ids, batches) = Workload(seed: 4, batchCount: 60);
        using var fx = new StoreFixture(o => o.HistoryLength = 10);
        var store = fx.Open();
        var (first, _) = await ApplyAndCheckpointAsync(fx, store, batches[..20], tenants, users, items, ids);
        var (second, atSecond) = await ApplyAndCheckpointAsync(fx, store, batches[20..40], tenants, users, items, ids);
        var (third, _) = await ApplyAndCheckpointAsync(fx, store, batches[40..], tenants, users, items, ids);
        store.Dispose();
        Assert.Equal(first.Token, Markers(fx)[third.Token].LogToken);

        // A crash after FASTER appended the third delta but before its marker was written.
        File.Delete(Path.Combine(fx.Directory, "meta", third.Token.ToString("N") + ".json"));
        var reopened = fx.Open(out var position);

        Assert.Equal(second.Position, position);
        Assert.Equal(atSecond, StateDump.Of(reopened, tenants, users, items, ids, 80 * Hour));

        // The chain it recovered from is never appended to again: the next checkpoint is a new base.
        fx.Apply(reopened, Batch(Ev("u1", "i1")));
        var next = await reopened.CheckpointAsync().WaitAsync(Timeout);
        Assert.Equal(next.Token, Markers(fx)[next.Token].LogToken);
    }

    [Fact]
    public async Task Recover_DeltaLogCutOrMissing_FallsBackToTheCheckpointItStillHolds()
    {
        var (tenants, users, items, ids, batches) = Workload(seed: 5, batchCount: 60);
        using var fx = new StoreFixture(o => { o.HistoryLength = 10; o.CheckpointsToKeep = 3; });
        var store = fx.Open();
        var (first, atFirst) = await ApplyAndCheckpointAsync(fx, store, batches[..20], tenants, users, items, ids);
        var (second, atSecond) = await ApplyAndCheckpointAsync(fx, store, batches[20..40], tenants, users, items, ids);
        var (third, _) = await ApplyAndCheckpointAsync(fx, store, batches[40..], tenants, users, items, ids);
        store.Dispose();
        var markers = Markers(fx);
        var deltaLog = FasterStore.DeltaLogPath(fx.Directory, first.Token);
        Assert.True(markers[third.Token].DeltaBytes > markers[second.Token].DeltaBytes);

        // The third delta is lost: FASTER would recover the second's version, which the marker rejects.
        using (var stream = new FileStream(deltaLog, FileMode.Open))
        {
            stream.SetLength(markers[second.Token].DeltaBytes);
        }

        var reopened = fx.Open(out var position);
        Assert.Equal(second.Position, position);
        Assert.Equal(atSecond, StateDump.Of(reopened, tenants, users, items, ids, 80 * Hour));
        Assert.Single(fx.Logger.Lines, l => l.Name == "CheckpointUnreadable");
        reopened.Dispose();

        // With every delta gone only the base is left.
        File.Delete(deltaLog);
        reopened = fx.Open(out position);
        Assert.Equal(first.Position, position);
        Assert.Equal(atFirst, StateDump.Of(reopened, tenants, users, items, ids, 80 * Hour));
    }

    [Fact]
    public async Task CheckpointAsync_ManyWithKeepTwo_KeepsExactlyWhatTheKeptOnesNeed()
    {
        var (tenants, users, items, ids, batches) = Workload(seed: 6, batchCount: 60);
        using var fx = new StoreFixture(o => { o.HistoryLength = 10; o.CheckpointsToKeep = 2; o.FullCheckpointEvery = 3; });
        var store = fx.Open();
        var dumps = new List<(CheckpointInfo Info, string Dump)>();
        for (var round = 0; round < 12; round++)
        {
            dumps.Add(await ApplyAndCheckpointAsync(fx, store, batches.GetRange(round * 5, 5), tenants, users, items, ids));

            var markers = Markers(fx);
            Assert.Equal(dumps.TakeLast(2).Select(d => d.Info.Token).Order(), markers.Keys.Order());
            var needed = markers.Values.SelectMany(m => new[] { m.IndexToken, m.LogToken }).Distinct().Order();
            Assert.Equal(needed, FasterTokens(fx).Order());
        }

        store.Dispose();

        // Checkpoint 12 is the second delta on base 10, whose own marker was deleted long ago.
        var reopened = fx.Open(out var position);
        Assert.Equal(dumps[^1].Info.Position, position);
        Assert.Equal(dumps[^1].Dump, StateDump.Of(reopened, tenants, users, items, ids, 80 * Hour));
        reopened.Dispose();

        File.Delete(Path.Combine(fx.Directory, "meta", dumps[^1].Info.Token.ToString("N") + ".json"));
        reopened = fx.Open(out position);
        Assert.Equal(dumps[^2].Info.Position, position);
        Assert.Equal(dumps[^2].Dump, StateDump.Of(reopened, tenants, users, items, ids, 80 * Hour));
    }

    [Fact]
    public async Task Recover_FormatOneMarker_RecoversItsFullCheckpoint()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();
        fx.Apply(store, Batch(Ev("u1", "i1"), Ev("u1", "i2")));
        var info = await store.CheckpointAsync().WaitAsync(Timeout);
        store.Dispose();
        var path = Path.Combine(fx.Directory, "meta", info.Token.ToString("N") + ".json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var name in new[] { "indexToken", "logToken", "version", "deltaBytes" })
        {
            Assert.True(json.Remove(name));
        }

        json["formatVersion"] = 1;
        File.WriteAllText(path, json.ToJsonString());

        var reopened = fx.Open(out var position);

        Assert.Equal(info.Position, position);
        Assert.Equal(["i2", "i1"], reopened.GetHistory("t1", "u1").Select(h => h.ItemId));
    }

    private static async Task<(CheckpointInfo Info, string Dump)> ApplyAndCheckpointAsync(
        StoreFixture fx, CounterStore store, IEnumerable<EventBatch> batches, string[] tenants, string[] users, string[] items, string[] ids)
    {
        foreach (var batch in batches)
        {
            fx.Apply(store, batch);
        }

        var info = await store.CheckpointAsync().WaitAsync(Timeout);
        return (info, StateDump.Of(store, tenants, users, items, ids, 80 * Hour));
    }

    private static Dictionary<Guid, CheckpointMarker> Markers(StoreFixture fx)
        => Directory.GetFiles(Path.Combine(fx.Directory, "meta"), "*.json").Select(CheckpointFiles.ReadMarker).ToDictionary(m => m.Token);

    /// <summary>Every token FASTER has an index or log checkpoint directory for.</summary>
    private static HashSet<Guid> FasterTokens(StoreFixture fx)
        => Directory.GetDirectories(Path.Combine(fx.Directory, "faster"), "*", SearchOption.AllDirectories)
            .Select(d => Guid.TryParse(Path.GetFileName(d), out var token) ? token : Guid.Empty)
            .Where(t => t != Guid.Empty)
            .ToHashSet();
}
