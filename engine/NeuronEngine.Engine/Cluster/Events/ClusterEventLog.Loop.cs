using System.Diagnostics;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster.Events;

internal sealed partial class ClusterEventLog
{
    /// <summary>Each stream's cursor: the last entry the counters applied. The apply loop's own state.</summary>
    private readonly Dictionary<string, StreamId> cursors = new(StringComparer.Ordinal);

    /// <summary>
    /// Recovers the counters' checkpoint and its streams' cursors, then reads every tenant's stream to its end. While
    /// Redis cannot be reached it waits and tries again (the replica stays not ready). If a stream ends before the
    /// checkpoint's cursor, Redis lost entries this replica had applied (a Redis restart without AOF, or with
    /// <c>everysec</c> after a crash): the counters are rebuilt from the streams as they are.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        counters.Recover();
        var checkpoint = counters.RecoveredCheckpoint;
        foreach (var (stream, id) in counters.StreamCursors)
        {
            cursors[stream] = StreamId.Parse(id);
        }

        long entries = 0, events = 0;
        var waited = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await FindRegressedStreamAsync().ConfigureAwait(false) is { } regressed)
                {
                    Log_StreamRegressed(regressed.Tenant, regressed.Cursor.ToString(), regressed.End.ToString());
                    counters.Reset();
                    cursors.Clear();
                    checkpoint = null;
                }

                foreach (var tenant in await TenantsAsync().ConfigureAwait(false))
                {
                    var (e, n) = await CatchUpAsync(tenant, cancellationToken).ConfigureAwait(false);
                    entries += e;
                    events += n;
                }

                break;
            }
            catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
            {
                if (!waited)
                {
                    Log_WaitingForRedis(ex.Message);
                    waited = true;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }

        Log_Recovered(checkpoint?.Token, cursors.Count, entries, events, clock.ElapsedMilliseconds);
        ready = true;
        loop = Task.Run(RunLoopAsync, CancellationToken.None);
        await cluster.Connection.GetSubscriber().SubscribeAsync(
            cluster.Channel("events"), (_, tenant) => Post(new PollWork(tenant.IsNullOrEmpty ? null : (string?)tenant))).ConfigureAwait(false);
        poller = Task.Run(PollAsync, CancellationToken.None);
    }

    /// <summary>Takes a counters checkpoint between two applications, covering every entry applied so far, and publishes its cursors.</summary>
    public Task<CheckpointInfo> CheckpointAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<CheckpointInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new CheckpointWork(done));
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the apply loop (appends still waiting fail UNAVAILABLE) and takes the last checkpoint.</summary>
    public async Task<CheckpointInfo?> CloseAsync()
    {
        ready = false;
        try
        {
            await cluster.Connection.GetSubscriber().UnsubscribeAsync(cluster.Channel("events")).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            // Nothing to stop listening to.
        }

        await DisposeAsync().ConfigureAwait(false);
        if (faulted.Task.IsCompleted)
        {
            return null;
        }

        var info = await counters.CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        await PublishCursorsAsync().ConfigureAwait(false);
        return info;
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(cluster.Options.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                Post(new PollWork(null));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunLoopAsync()
    {
        var items = new List<Work>();
        try
        {
            while (await work.Reader.WaitToReadAsync(stopping.Token).ConfigureAwait(false))
            {
                items.Clear();
                while (items.Count < 4096 && work.Reader.TryRead(out var item))
                {
                    items.Add(item);
                }

                await ProcessAsync(items).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The counters no longer agree with the streams (an apply that threw part-way, an entry that does not
            // decode): stop taking events; the restart recovers from the last checkpoint and replays.
            Log_ApplyFailed(ex);
            faulted.TrySetResult();
            foreach (var item in items)
            {
                item.Fail(NeuronException.Unavailable("the engine stopped applying the cluster's event streams after an internal failure"));
            }
        }
    }

    private async Task ProcessAsync(List<Work> items)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        var catchUps = new List<CatchUpWork>();
        var checkpoints = new List<CheckpointWork>();
        var pollAll = false;
        foreach (var item in items)
        {
            switch (item)
            {
                case ReserveWork reserve:
                    try
                    {
                        counters.Reserve(reserve.Batch, tagsPerType);
                        reserve.Done.TrySetResult();
                    }
                    catch (Exception ex) when (ex is NeuronException or ArgumentException)
                    {
                        reserve.Done.TrySetException(ex);
                    }

                    break;
                case ReleaseWork release:
                    counters.Release(release.Batch);
                    break;
                case CatchUpWork catchUp:
                    catchUps.Add(catchUp);
                    read.Add(catchUp.Tenant);
                    break;
                case PollWork { Tenant: { } tenant }:
                    read.Add(tenant);
                    break;
                case PollWork:
                    pollAll = true;
                    break;
                case CheckpointWork checkpoint:
                    checkpoints.Add(checkpoint);
                    break;
            }
        }

        Exception? unreachable = null;
        try
        {
            if (pollAll)
            {
                read.UnionWith(await TenantsAsync().ConfigureAwait(false));
            }

            foreach (var tenant in read)
            {
                await CatchUpAsync(tenant, stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            unreachable = ex;
        }

        foreach (var catchUp in catchUps)
        {
            counters.Release(catchUp.Batch);
            if (cursors.TryGetValue(catchUp.Tenant, out var cursor) && cursor >= catchUp.Entry)
            {
                catchUp.Done.TrySetResult();
            }
            else
            {
                // Stored in Redis, not yet applied here: a retry with the same ids is answered as duplicates, and
                // the next successful read applies it.
                catchUp.Done.TrySetException(unreachable is null
                    ? NeuronException.Unavailable($"the batch was stored as stream entry {catchUp.Entry} but this replica could not read it back")
                    : RedisControlPlane.Unreachable(unreachable));
            }
        }

        foreach (var checkpoint in checkpoints)
        {
            try
            {
                var info = await counters.CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
                await PublishCursorsAsync().ConfigureAwait(false);
                checkpoint.Done.TrySetResult(info);
            }
            catch (Exception ex) when (ex is IOException or NeuronException)
            {
                checkpoint.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>Reads and applies a tenant's stream from its cursor to its end; returns the entries and events applied.</summary>
    private async Task<(long Entries, long Events)> CatchUpAsync(string tenant, CancellationToken cancellationToken)
    {
        long entries = 0, events = 0;
        var key = StreamKey(tenant);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var from = cursors.TryGetValue(tenant, out var cursor) ? "(" + cursor : "-";
            var page = await cluster.Database.StreamRangeAsync(key, from, "+", ReadCount).ConfigureAwait(false);
            var now = NowMilliseconds;
            foreach (var entry in page)
            {
                var id = StreamId.Parse(entry.Id!);
                var batch = Decode(tenant, id, entry);
                counters.ApplyFromStream(batch, tenant, entry.Id!);
                cursors[tenant] = id;
                lag.Record(Math.Max(0, now - (long)id.Milliseconds));
                metrics?.Applied(tenant, batch.Events.Length);
                entries++;
                events += batch.Events.Length;
            }

            if (page.Length < ReadCount)
            {
                return (entries, events);
            }
        }
    }

    private static EventBatch Decode(string tenant, StreamId id, StreamEntry entry)
    {
        RedisValue header = default, count = default, body = default;
        foreach (var field in entry.Values)
        {
            switch ((string?)field.Name)
            {
                case "h": header = field.Value; break;
                case "n": count = field.Value; break;
                case "e": body = field.Value; break;
            }
        }

        if (header.IsNull || !count.TryParse(out int n) || body.IsNull)
        {
            throw NeuronException.DataLoss($"stream entry {id} of tenant {tenant} lacks its h, n or e field");
        }

        var batch = StreamEntryCodec.Decode((byte[])header!, n, (byte[])body!);
        return batch.Tenant == tenant
            ? batch
            : throw NeuronException.DataLoss($"stream entry {id} of tenant {tenant} holds events of tenant {batch.Tenant}");
    }

    private async Task<string[]> TenantsAsync()
    {
        var members = await cluster.Database.SetMembersAsync(TenantsKey).ConfigureAwait(false);
        return [.. members.Select(m => (string)m!)];
    }

    /// <summary>A stream whose newest entry is older than this replica's cursor for it: Redis lost what the cursor covers.</summary>
    private async Task<(string Tenant, StreamId Cursor, StreamId End)?> FindRegressedStreamAsync()
    {
        foreach (var (tenant, cursor) in cursors)
        {
            var last = await cluster.Database.StreamRangeAsync(StreamKey(tenant), "-", "+", count: 1, messageOrder: Order.Descending).ConfigureAwait(false);
            var end = last.Length == 0 ? StreamId.Zero : StreamId.Parse(last[0].Id!);
            if (end < cursor || (end > cursor && await MaxTrimmedAsync(tenant).ConfigureAwait(false) > cursor))
            {
                // Lost entries this replica applied, or trimmed entries it never applied (it was away too long).
                return (tenant, cursor, end);
            }
        }

        return null;
    }

    /// <summary>The newest entry trimmed from a tenant's stream (Redis 7's <c>max-deleted-entry-id</c>), zero when none.</summary>
    private async Task<StreamId> MaxTrimmedAsync(string tenant)
    {
        var info = (RedisResult[])(await cluster.Database.ExecuteAsync("XINFO", "STREAM", StreamKey(tenant)).ConfigureAwait(false))!;
        for (var i = 0; i + 1 < info.Length; i += 2)
        {
            if ((string?)info[i] == "max-deleted-entry-id")
            {
                return StreamId.Parse((string)info[i + 1]!);
            }
        }

        return StreamId.Zero;
    }

    /// <summary>This replica's checkpointed cursors, for trimming: a stream is trimmed only below every replica's.</summary>
    private async Task PublishCursorsAsync()
    {
        try
        {
            var entries = counters.StreamCursors.Select(c => new HashEntry(c.Key, c.Value)).ToList();
            entries.Add(new HashEntry("@at", NowMilliseconds));
            await cluster.Database.HashSetAsync(CursorsKey(cluster.ReplicaId), [.. entries]).ConfigureAwait(false);
            await cluster.Database.SetAddAsync(CursorReplicasKey, cluster.ReplicaId).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            Log_CursorsNotPublished(ex.Message);
        }
    }

    /// <summary>The hash of a replica's checkpointed stream cursors (tenant → entry id, <c>@at</c> → when, Unix ms).</summary>
    public RedisKey CursorsKey(string replicaId) => cluster.ControlPlane.Key("stream-cursors", replicaId);

    /// <summary>The replicas that published cursors.</summary>
    public RedisKey CursorReplicasKey => cluster.ControlPlane.Key("stream-cursor-replicas");

    private abstract class Work
    {
        public virtual void Fail(Exception exception)
        {
        }
    }

    private sealed class ReserveWork(EventBatch batch, TaskCompletionSource done) : Work
    {
        public EventBatch Batch => batch;

        public TaskCompletionSource Done => done;

        public override void Fail(Exception exception) => done.TrySetException(exception);
    }

    private sealed class ReleaseWork(EventBatch batch) : Work
    {
        public EventBatch Batch => batch;
    }

    private sealed class CatchUpWork(string tenant, StreamId entry, EventBatch batch, TaskCompletionSource done) : Work
    {
        public string Tenant => tenant;

        public StreamId Entry => entry;

        public EventBatch Batch => batch;

        public TaskCompletionSource Done => done;

        public override void Fail(Exception exception) => done.TrySetException(exception);
    }

    private sealed class PollWork(string? tenant) : Work
    {
        public string? Tenant => tenant;
    }

    private sealed class CheckpointWork(TaskCompletionSource<CheckpointInfo> done) : Work
    {
        public TaskCompletionSource<CheckpointInfo> Done => done;

        public override void Fail(Exception exception) => done.TrySetException(exception);
    }

    [LoggerMessage(EventId = 1, EventName = "ClusterRecovered", Level = LogLevel.Information,
        Message = "Recovered from the cluster's event streams: checkpoint {CheckpointToken} with {Streams} stream cursors, then applied {Entries} entries ({Events} events) in {Milliseconds} ms")]
    private partial void Log_Recovered(Guid? checkpointToken, int streams, long entries, long events, long milliseconds);

    [LoggerMessage(EventId = 2, EventName = "StreamRegressed", Level = LogLevel.Warning,
        Message = "The event stream of tenant {Tenant} ends at {End}, before entry {Cursor} this replica's checkpoint covers: Redis lost entries (restarted without them); rebuilding the counters from the streams as they are")]
    private partial void Log_StreamRegressed(string tenant, string cursor, string end);

    [LoggerMessage(EventId = 3, EventName = "WaitingForRedis", Level = LogLevel.Warning,
        Message = "Cannot read the cluster's event streams ({Reason}); not ready until Redis answers, trying every second")]
    private partial void Log_WaitingForRedis(string reason);

    [LoggerMessage(EventId = 4, EventName = "StreamApplyFailed", Level = LogLevel.Critical,
        Message = "Applying the cluster's event streams failed; stopping the engine so a restart recovers its counters from the last checkpoint")]
    private partial void Log_ApplyFailed(Exception exception);

    [LoggerMessage(EventId = 5, EventName = "StreamCursorsNotPublished", Level = LogLevel.Warning,
        Message = "Could not publish this replica's checkpointed stream cursors ({Reason}); trimming waits for the next checkpoint")]
    private partial void Log_CursorsNotPublished(string reason);
}
