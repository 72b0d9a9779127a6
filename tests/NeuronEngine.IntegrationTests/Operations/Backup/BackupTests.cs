using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Testing;
using Xunit.Abstractions;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Operations.Backup;

/// <summary>An online backup taken while a tracker writes, restored into new engines.</summary>
[Collection(ProcessTests.Name)]
public sealed partial class BackupTests(ITestOutputHelper output)
{
    private const int EventsPerBatch = 50;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Backup_UnderIngest_RestoreHasEveryEventUpToItsPositionAndServesThePromotedVersion()
    {
        using var data = new TempDirectory("backup-source");
        using var scratch = new TempDirectory("backup-artifacts");
        using var restored = new TempDirectory("backup-restored");
        BackupResponse backup;
        List<TrackRequest> ackedBeforeBackup;
        RecommendResponse served;
        int ackedTotal;
        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "shop");
            await EventTypesAsync(c);
            await c.Events.TrackAsync(Batch(Event("u1", PlantedModels.ItemId(6)), Event("u1", PlantedModels.ItemId(10)))).Within();
            var v1 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v1");
            var v2 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v2", scale: 2f);
            await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within();
            served = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within();
            Assert.Equal(v2, served.Model.Version);

            var acked = new List<TrackRequest>();
            using var stop = new CancellationTokenSource();
            var tracker = TrackUntilStoppedAsync(c, acked, stop.Token);
            await WaitUntilAsync(() => Count(acked) >= 20);

            // Acknowledged before the call started, so at or before the position the backup records.
            lock (acked)
            {
                ackedBeforeBackup = [.. acked];
            }

            var admin = new AdminService.AdminServiceClient(c.Invoker);
            backup = await admin.BackupAsync(new BackupRequest { Name = "nightly-1" }).ResponseAsync.WaitAsync(Timeout);
            var afterBackup = Count(acked);
            await WaitUntilAsync(() => Count(acked) >= afterBackup + 10);
            await stop.CancelAsync();
            await tracker.WaitAsync(Timeout);
            ackedTotal = Count(acked);
            Assert.True(Count(acked) > ackedBeforeBackup.Count, "the tracker stalled during the backup");
        }

        Assert.Equal(Path.Combine(data.Path, "backups", "nightly-1"), backup.Directory);
        Assert.Equal(2, backup.ModelVersions);
        Assert.True(backup.LogPosition > 0);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(data.Path, "backups"), ".partial-*"));
        AssertManifest(backup);

        CopyDirectory(backup.Directory, restored.Path);
        EventStats stats;
        await using (var engine = await EngineProcess.StartAsync(restored.Path, output))
        {
            // The counters checkpoint copied with the backup loaded, at exactly the backup's position.
            var line = Assert.Single(engine.Lines, l => l.Contains("Recovered: checkpoint at log position", StringComparison.Ordinal));
            Assert.Contains($"log position {backup.LogPosition}, replayed 0 batches", line, StringComparison.Ordinal);

            using var c = new EngineClients(engine.Address, "shop");
            Assert.Equal(served, await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within());
            stats = await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();
            Assert.InRange(stats.Total, 2 + (ackedBeforeBackup.Count * EventsPerBatch), 2 + (ackedTotal * EventsPerBatch));

            // Each event acknowledged before the backup is there: sending it again stores nothing.
            foreach (var batch in ackedBeforeBackup)
            {
                var again = await c.Events.TrackAsync(batch).Within();
                Assert.Equal((0, EventsPerBatch), (again.Accepted, again.Duplicates));
            }
        }

        // The backup's log alone (no checkpoint, no registry) rebuilds the same counters: checkpoint and log agree.
        using var replay = new TempDirectory("backup-replay");
        CopyDirectory(Path.Combine(backup.Directory, "events"), Path.Combine(replay.Path, "events"));
        await using (var engine = await EngineProcess.StartAsync(replay.Path, output))
        {
            using var c = new EngineClients(engine.Address, "shop");
            Assert.Equal(stats, await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within());
        }
    }

    private static void AssertManifest(BackupResponse backup)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(backup.Directory, "backup.json")));
        var root = manifest.RootElement;
        Assert.Equal(backup.LogPosition, root.GetProperty("logPosition").GetInt64());
        Assert.Equal(backup.LogPosition, root.GetProperty("countersCheckpoint").GetProperty("logPosition").GetInt64());
        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(backup.Files, files.Count + 1);
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "registry.db");
        Assert.Contains(files, f => f.GetProperty("path").GetString()!.StartsWith("counters/meta/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.GetProperty("path").GetString()!.StartsWith("models/shop/recs/2/", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var path = Path.Combine(backup.Directory, file.GetProperty("path").GetString()!);
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
        }

        // The log copy ends exactly at the recorded position.
        var segments = files.Select(f => f.GetProperty("path").GetString()!).Where(p => p.StartsWith("events/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var last = segments[^1];
        var lastBase = long.Parse(SegmentName().Match(last).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(32 + backup.LogPosition - lastBase, new FileInfo(Path.Combine(backup.Directory, last)).Length);
    }

    private static async Task TrackUntilStoppedAsync(EngineClients c, List<TrackRequest> acked, CancellationToken stop)
    {
        for (var b = 0; !stop.IsCancellationRequested; b++)
        {
            var batch = new TrackRequest();
            for (var i = 0; i < EventsPerBatch; i++)
            {
                batch.Events.Add(Event($"user-{i % 7}", PlantedModels.ItemId((b + i) % 40), "view", id: $"e-{b}-{i}"));
            }

            try
            {
                await c.Events.TrackAsync(batch, cancellationToken: stop).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
            {
                return;
            }

            lock (acked)
            {
                acked.Add(batch);
            }
        }
    }

    private static int Count(List<TrackRequest> acked)
    {
        lock (acked)
        {
            return acked.Count;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the tracker");
            await Task.Delay(10);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"events/(\d{20})\.seg$")]
    private static partial Regex SegmentName();
}
