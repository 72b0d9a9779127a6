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

    /// <summary>The sequence number of each stream's cursor entry, once known (the apply loop's own state).</summary>
    private readonly Dictionary<string, long> sequences = new(StringComparer.Ordinal);

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

        if (File.Exists(DivergedMarker))
        {
            // The last run saw a stream's sequence numbers break (Redis lost entries it had applied): its counters do
            // not match the streams, whatever cursors they carry.
            Log_RebuildingAfterGap(File.ReadAllText(DivergedMarker).Trim());
            counters.Reset();
            cursors.Clear();
            checkpoint = null;
            File.Delete(DivergedMarker);
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
                    sequences.Clear();
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
            FailAll(items, NeuronException.Unavailable("the engine is shutting down"));
        }
        catch (Exception ex)
        {
            // The counters no longer agree with the streams (an apply that threw part-way, an entry that does not
            // decode): stop taking events; the restart recovers from the last checkpoint and replays.
            Log_ApplyFailed(ex);
            faulted.TrySetResult();
            FailAll(items, NeuronException.Unavailable("the engine stopped applying the cluster's event streams after an internal failure"));
        }
    }

    /// <summary>Fails the items in hand and everything still queued or posted later: no Track waits on a loop that stopped.</summary>
    private void FailAll(List<Work> items, NeuronException error)
    {
        work.Writer.TryComplete();
        foreach (var item in items)
        {
            item.Fail(error);
        }

        while (work.Reader.TryRead(out var queued))
        {
            queued.Fail(error);
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
                var batch = Decode(tenant, id, entry, out var sequence);
                if (sequences.TryGetValue(tenant, out var last) && sequence != last + 1)
                {
                    await OnBreakAsync(tenant, cursors[tenant], id, last, sequence).ConfigureAwait(false);
                }

                counters.ApplyFromStream(batch, tenant, entry.Id!);
                cursors[tenant] = id;
                sequences[tenant] = sequence;
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

    /// <summary>
    /// Decodes a stream entry (fields <c>v</c> format, <c>s</c> sequence number, <c>h</c> header, <c>n</c> event
    /// count, <c>e</c> events). An entry of a format this engine does not know stops the replica rather than be
    /// misread: a newer engine wrote it, and this one must be upgraded.
    /// </summary>
    private static EventBatch Decode(string tenant, StreamId id, StreamEntry entry, out long sequence)
    {
        RedisValue format = default, seq = default, header = default, count = default, body = default;
        foreach (var field in entry.Values)
        {
            switch ((string?)field.Name)
            {
                case "v": format = field.Value; break;
                case "s": seq = field.Value; break;
                case "h": header = field.Value; break;
                case "n": count = field.Value; break;
                case "e": body = field.Value; break;
            }
        }

        if (!format.TryParse(out int v) || v != EntryFormat)
        {
            throw NeuronException.FailedPrecondition(
                $"stream entry {id} of tenant {tenant} is in entry format {(format.IsNull ? "(none)" : (string?)format)}; this engine reads format {EntryFormat}: run the same engine version on every replica");
        }

        if (!seq.TryParse(out sequence) || header.IsNull || !count.TryParse(out int n) || body.IsNull)
        {
            throw NeuronException.DataLoss($"stream entry {id} of tenant {tenant} lacks its s, h, n or e field");
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

    /// <summary>
    /// A stream this replica's cursor cannot continue: its last generated id is older than the cursor (Redis lost entries
    /// the replica applied), it was trimmed past the cursor (entries the replica never applied are gone), or the cursor's
    /// own entry is gone (Redis lost it and newer entries were appended since). Otherwise learns each cursor entry's
    /// sequence number, so the first entry read after it is checked too.
    /// </summary>
    private async Task<(string Tenant, StreamId Cursor, StreamId End)?> FindRegressedStreamAsync()
    {
        var trimmed = await cluster.Database.HashGetAllAsync(TrimmedKey).ConfigureAwait(false);
        sequences.Clear();
        foreach (var (tenant, cursor) in cursors)
        {
            var end = await LastGeneratedAsync(tenant).ConfigureAwait(false);
            var trimmedTo = trimmed.FirstOrDefault(e => e.Name == tenant).Value;
            if (end < cursor || (!trimmedTo.IsNull && StreamId.Parse((string)trimmedTo!) > cursor))
            {
                return (tenant, cursor, end);
            }

            var at = await cluster.Database.StreamRangeAsync(StreamKey(tenant), cursor.ToString(), cursor.ToString(), 1).ConfigureAwait(false);
            if (at.Length == 0)
            {
                return (tenant, cursor, end);
            }

            Decode(tenant, cursor, at[0], out var sequence);
            sequences[tenant] = sequence;
        }

        return null;
    }

    /// <summary>The id of the last entry ever added to a tenant's stream, trimmed or not (zero when there is no stream).</summary>
    private async Task<StreamId> LastGeneratedAsync(string tenant)
    {
        var key = StreamKey(tenant);
        if (!await cluster.Database.KeyExistsAsync(key).ConfigureAwait(false))
        {
            return StreamId.Zero;
        }

        var info = (RedisResult[])(await cluster.Database.ExecuteAsync("XINFO", "STREAM", key).ConfigureAwait(false))!;
        for (var i = 0; i + 1 < info.Length; i += 2)
        {
            if ((string?)info[i] == "last-generated-id")
            {
                return StreamId.Parse((string)info[i + 1]!);
            }
        }

        return StreamId.Zero;
    }

    /// <summary>
    /// A break in a stream's sequence numbers. One kind means this replica's counters no longer match the stream: the
    /// numbers went back and the entry it applied last is gone (Redis came back without entries it had applied). That
    /// is recorded, so the next start rebuilds; meanwhile the replica keeps serving. Any other break — a jump forward
    /// (entries it never applied are gone: an XDEL, a trim past it) or numbers going back with its last entry still
    /// there (the sequence counter was lost apart from the stream) — is the stream as every replica reads it: logged,
    /// nothing a rebuild would repair. If the record cannot be written the apply loop stops before applying the
    /// entry, so the cursor stays on the lost entry and the next start rebuilds anyway.
    /// </summary>
    private async Task OnBreakAsync(string tenant, StreamId previous, StreamId id, long last, long sequence)
    {
        gaps.Add(1);
        var lost = sequence <= last
            && (await cluster.Database.StreamRangeAsync(StreamKey(tenant), previous.ToString(), previous.ToString(), 1).ConfigureAwait(false)).Length == 0;
        if (lost)
        {
            Log_StreamGap(tenant, id.ToString(), last + 1, sequence);
            MarkDiverged($"tenant {tenant}: sequence number {sequence} at entry {id}, after {last} at entry {previous}, which is gone");
        }
        else
        {
            Log_StreamBreak(tenant, id.ToString(), last + 1, sequence);
        }
    }

    /// <summary>Present when this replica's counters stopped matching the streams; its next start rebuilds them.</summary>
    private string DivergedMarker => Path.Combine(cluster.DataDirectory, "streams-diverged");

    private void MarkDiverged(string reason)
    {
        Directory.CreateDirectory(cluster.DataDirectory);
        using var file = new FileStream(DivergedMarker, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(System.Text.Encoding.UTF8.GetBytes(reason + "\n"));
        file.Flush(flushToDisk: true);
    }

    /// <summary>Per tenant, the MINID its stream was last trimmed to (entries before it are gone).</summary>
    public RedisKey TrimmedKey => cluster.ControlPlane.Key("stream-trimmed");

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
        Message = "The event stream of tenant {Tenant} (ending at {End}) no longer holds entry {Cursor} this replica's checkpoint covers, or was trimmed past it: Redis lost entries (restarted without them) or this replica was away longer than Cluster:ReplicaRetention; rebuilding the counters from the streams as they are")]
    private partial void Log_StreamRegressed(string tenant, string cursor, string end);

    [LoggerMessage(EventId = 6, EventName = "StreamGap", Level = LogLevel.Error,
        Message = "The event stream of tenant {Tenant} went back to sequence number {Found} at entry {Entry} (expected {Expected}) and the entry this replica applied last is gone: Redis lost entries this replica applied. Its counters no longer match the stream; it keeps serving, and its next start rebuilds them (restart the replicas one at a time; the data directory records it in streams-diverged)")]
    private partial void Log_StreamGap(string tenant, string entry, long expected, long found);

    [LoggerMessage(EventId = 8, EventName = "StreamBreak", Level = LogLevel.Warning,
        Message = "The event stream of tenant {Tenant} has sequence number {Found} at entry {Entry} (expected {Expected}): entries were removed from it (XDEL, a trim) or its sequence counter was lost apart from it. Every replica reads the same stream, so this one's counters still match it")]
    private partial void Log_StreamBreak(string tenant, string entry, long expected, long found);

    [LoggerMessage(EventId = 7, EventName = "StreamRebuildAfterGap", Level = LogLevel.Warning,
        Message = "This replica's counters stopped matching the event streams before it stopped ({Reason}); rebuilding them from the streams")]
    private partial void Log_RebuildingAfterGap(string reason);

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
