using Microsoft.Extensions.Logging;
using NeuronEngine.Counters.Tests.Support;
using NeuronEngine.EventLog;
using static NeuronEngine.Counters.Tests.Support.Events;

namespace NeuronEngine.Counters.Tests;

public sealed partial class CounterStoreTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Recover_EmptyDirectory_ReturnsStartAndLogsOneLine()
    {
        using var fx = new StoreFixture();

        fx.Open(out var position);

        Assert.Equal(LogPosition.Start, position);
        Assert.Single(fx.Logger.Lines, l => l.Name == "NoCheckpoint");
    }

    [Fact]
    public async Task CheckpointAsync_ThenRecover_RestoresEveryAnswer()
    {
        using var fx = new StoreFixture(o => o.PopularK = 5);
        var (tenants, users, items, ids, batches) = Workload(seed: 1, batchCount: 30);
        var store = fx.Open();
        foreach (var batch in batches)
        {
            fx.Apply(store, batch);
        }

        var before = StateDump.Of(store, tenants, users, items, ids, 40 * Hour);
        var info = await store.CheckpointAsync().WaitAsync(Timeout);
        store.Dispose();

        var reopened = fx.Open(out var position);

        Assert.Equal(info.Position, position);
        Assert.Equal(store.AppliedPosition, position);
        Assert.Equal(position, reopened.AppliedPosition);
        Assert.Equal(before, StateDump.Of(reopened, tenants, users, items, ids, 40 * Hour));
        Assert.Single(fx.Logger.Lines, l => l.Name == "Recovered");
    }

    [Fact]
    public async Task Recover_CrashAfterCheckpointThenReplay_EqualsApplyingEverythingOnce()
    {
        var (tenants, users, items, ids, batches) = Workload(seed: 2, batchCount: 60);
        var ends = batches.Select((_, i) => new LogPosition((i + 1) * 100L)).ToArray();

        using var crashed = new StoreFixture(o => { o.PopularK = 8; o.HistoryLength = 10; });
        var store = crashed.Open();
        for (var i = 0; i < 25; i++)
        {
            store.Apply(batches[i], ends[i]);
        }

        await store.CheckpointAsync().WaitAsync(Timeout);
        for (var i = 25; i < 45; i++)
        {
            store.Apply(batches[i], ends[i]);
        }

        store.Dispose(); // a crash: everything after the checkpoint is lost

        var recovered = crashed.Open(out var from);
        Assert.Equal(ends[24], from);
        for (var i = 0; i < batches.Count; i++)
        {
            // Replay: every record that starts at or after the recovered position.
            if (i == 0 ? from.Offset == 0 : ends[i - 1] >= from)
            {
                recovered.Apply(batches[i], ends[i]);
            }
        }

        using var once = new StoreFixture(o => { o.PopularK = 8; o.HistoryLength = 10; });
        var reference = once.Open();
        for (var i = 0; i < batches.Count; i++)
        {
            reference.Apply(batches[i], ends[i]);
        }

        Assert.Equal(StateDump.Of(reference, tenants, users, items, ids, 80 * Hour), StateDump.Of(recovered, tenants, users, items, ids, 80 * Hour));
        Assert.Equal(reference.AppliedPosition, recovered.AppliedPosition);
    }

    [Fact]
    public async Task Recover_NewestStateFileCorrupt_FallsBackToPreviousCheckpoint()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();
        fx.Apply(store, Batch(Ev("u1", "i1")));
        var first = await store.CheckpointAsync().WaitAsync(Timeout);
        fx.Apply(store, Batch(Ev("u1", "i2")));
        var second = await store.CheckpointAsync().WaitAsync(Timeout);
        store.Dispose();
        var statePath = Path.Combine(fx.Directory, "meta", second.Token.ToString("N") + ".state");
        var bytes = File.ReadAllBytes(statePath);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(statePath, bytes);

        var reopened = fx.Open(out var position);

        Assert.Equal(first.Position, position);
        Assert.Equal(["i1"], reopened.GetHistory("t1", "u1").Select(h => h.ItemId));
        Assert.Single(fx.Logger.Lines, l => l.Name == "CheckpointUnreadable" && l.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Recover_NewestMarkerGarbageOrFasterFilesMissing_FallsBackThenStartsEmpty()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();
        fx.Apply(store, Batch(Ev("u1", "i1")));
        var first = await store.CheckpointAsync().WaitAsync(Timeout);
        fx.Apply(store, Batch(Ev("u1", "i2")));
        var second = await store.CheckpointAsync().WaitAsync(Timeout);
        store.Dispose();
        File.WriteAllText(Path.Combine(fx.Directory, "meta", second.Token.ToString("N") + ".json"), "{ not json");

        var reopened = fx.Open(out var position);
        Assert.Equal(first.Position, position);
        reopened.Dispose();

        // Now make the remaining checkpoint unusable too: its FASTER files are gone.
        foreach (var dir in Directory.GetDirectories(Path.Combine(fx.Directory, "faster"), first.Token.ToString(), SearchOption.AllDirectories))
        {
            Directory.Delete(dir, recursive: true);
        }

        var empty = fx.Open(out position);

        Assert.Equal(LogPosition.Start, position);
        Assert.Equal(TenantStats.Empty, empty.GetStats("t1"));
        Assert.Empty(empty.GetHistory("t1", "u1"));
        Assert.Single(fx.Logger.Lines, l => l.Name == "NoReadableCheckpoint");
        Assert.False(Directory.Exists(Path.Combine(fx.Directory, "meta")));
    }

    [Fact]
    public async Task Recover_CrashBeforeAnyCheckpoint_StartsEmpty()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();
        fx.Apply(store, Batch(Ev("u1", "i1")));
        store.Dispose();

        var reopened = fx.Open(out var position);

        Assert.Equal(LogPosition.Start, position);
        Assert.Empty(reopened.GetHistory("t1", "u1"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task CheckpointAsync_MoreThanKeepAllFull_DeletesOlderCheckpoints()
    {
        using var fx = new StoreFixture(o => { o.CheckpointsToKeep = 2; o.FullCheckpointEvery = 1; });
        var store = fx.Open();
        var infos = new List<CheckpointInfo>();
        for (var i = 0; i < 4; i++)
        {
            fx.Apply(store, Batch(Ev("u1", "i" + i)));
            infos.Add(await store.CheckpointAsync().WaitAsync(Timeout));
        }

        var markers = Directory.GetFiles(Path.Combine(fx.Directory, "meta"), "*.json").Select(Path.GetFileNameWithoutExtension);
        Assert.Equal(infos.TakeLast(2).Select(i => i.Token.ToString("N")).Order(), markers.Order());
        var fasterDirs = Directory.GetDirectories(Path.Combine(fx.Directory, "faster"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(infos[0].Token.ToString(), fasterDirs);
        Assert.Contains(infos[3].Token.ToString(), fasterDirs);
        Assert.Equal([1L, 2, 3, 4], infos.Select(i => i.Sequence));
    }

    [Fact]
    public async Task Reset_AfterRecover_DiscardsEverythingIncludingCheckpoints()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();
        fx.Apply(store, Batch(Ev("u1", "i1")));
        await store.CheckpointAsync().WaitAsync(Timeout);
        store.Dispose();
        var reopened = fx.Open();

        reopened.Reset();

        Assert.Equal(LogPosition.Start, reopened.AppliedPosition);
        Assert.Empty(reopened.GetHistory("t1", "u1"));
        Assert.Equal(TenantStats.Empty, reopened.GetStats("t1"));
        fx.Apply(reopened, Batch(Ev("u2", "i2")));
        Assert.Single(reopened.GetHistory("t1", "u2"));
        reopened.Dispose();
        fx.Open(out var position);
        Assert.Equal(LogPosition.Start, position);
    }

    private static (string[] Tenants, string[] Users, string[] Items, string[] Ids, List<EventBatch> Batches) Workload(int seed, int batchCount)
    {
        var random = new Random(seed);
        string[] tenants = ["acme", "globex"];
        var users = Enumerable.Range(0, 25).Select(i => "user-" + i).ToArray();
        var items = Enumerable.Range(0, 40).Select(i => "item-" + i).ToArray();
        string[] types = ["view", "click", "buy"];
        string[] tags = ["surface:home", "surface:search", "lang:en"];
        var ids = Enumerable.Range(0, 30).Select(i => "ev-" + i).ToArray();
        var batches = new List<EventBatch>();
        for (var b = 0; b < batchCount; b++)
        {
            var events = Enumerable.Range(0, random.Next(1, 12)).Select(_ => new TrackedEvent(
                random.Next(3) == 0 ? ids[random.Next(ids.Length)] : null,
                users[Math.Min(random.Next(users.Length), random.Next(users.Length))],
                items[Math.Min(random.Next(items.Length), random.Next(items.Length))],
                types[random.Next(types.Length)],
                (byte)random.Next(1, 101),
                random.Next(1_000, 1_000_000),
                random.Next(2) == 0 ? [] : [tags[random.Next(tags.Length)]])).ToArray();

            // Receive times an hour apart, so some repeated ids fall outside the 24 h window.
            batches.Add(new EventBatch(tenants[random.Next(tenants.Length)], b * Hour, events));
        }

        return (tenants, users, items, ids, batches);
    }
}
