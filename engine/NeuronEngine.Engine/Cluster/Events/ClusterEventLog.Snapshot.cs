using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Core;
using NeuronEngine.EventLog;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster.Events;

internal sealed partial class ClusterEventLog
{
    /// <summary>
    /// Writes a tenant's stream, from its first entry up to and including <paramref name="upTo"/>, as an event log in
    /// <paramref name="directory"/> (the format the trainer reads: docs/architecture.md, "Event log"), and returns the
    /// log's end. A run's data in cluster mode: the trainer reads this snapshot exactly as it reads a single node's log.
    /// </summary>
    public async Task<LogPosition> WriteSnapshotAsync(string tenant, string upTo, string directory, CancellationToken cancellationToken)
    {
        var end = StreamId.Parse(upTo);

        // Trimming waits while the snapshot reads (a hold on this tenant's stream, like a replica's cursor at its start);
        // a trim that began before the hold was seen shows as a break in the entries' sequence numbers, and the
        // snapshot is written again.
        var hold = SnapshotHoldPrefix + Guid.NewGuid().ToString("N");
        try
        {
            await cluster.Database.HashSetAsync(CursorsKey(hold), [new HashEntry(tenant, StreamId.Zero.ToString()), new HashEntry("@at", NowMilliseconds)]).ConfigureAwait(false);
            await cluster.Database.KeyExpireAsync(CursorsKey(hold), SnapshotHoldTimeout * 2).ConfigureAwait(false);
            await cluster.Database.SetAddAsync(CursorReplicasKey, hold).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                if (await WriteSnapshotOnceAsync(tenant, end, directory, hold, cancellationToken).ConfigureAwait(false) is { } position)
                {
                    return position;
                }

                if (attempt == 3)
                {
                    throw NeuronException.Unavailable($"the event stream of tenant {tenant} was trimmed while this run's snapshot of it was written, three times; the run's next lease tries again");
                }
            }
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            throw RedisControlPlane.Unreachable(ex);
        }
        finally
        {
            try
            {
                await cluster.Database.SetRemoveAsync(CursorReplicasKey, hold).ConfigureAwait(false);
                await cluster.Database.KeyDeleteAsync(CursorsKey(hold)).ConfigureAwait(false);
            }
            catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
            {
                // Left behind, the hold stops holding trimming back after SnapshotHoldTimeout.
            }
        }
    }

    /// <summary>Names the holds snapshots put on trimming among the replicas' cursors.</summary>
    public const string SnapshotHoldPrefix = "snapshot-";

    /// <summary>A snapshot's hold older than this (its engine died while writing it) no longer holds trimming back.</summary>
    public static readonly TimeSpan SnapshotHoldTimeout = TimeSpan.FromMinutes(10);

    /// <summary>One attempt; null when a trim cut the part it read (its entries' sequence numbers do not follow on).</summary>
    private async Task<LogPosition?> WriteSnapshotOnceAsync(string tenant, StreamId end, string directory, string hold, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory))
        {
            // A snapshot left by an earlier lease of this run (the trainer died), or an attempt a trim overtook.
            Directory.Delete(directory, recursive: true);
        }

        var options = new EventLogOptions { Directory = directory, Durability = "none" };
        var log = await EventLogWriter.OpenAsync(options, NullLogger.Instance, sequencer: null, time, cancellationToken).ConfigureAwait(false);
        try
        {
            var from = "-";
            long? last = null;
            var trimmedBefore = await cluster.Database.HashGetAsync(TrimmedKey, tenant).ConfigureAwait(false);
            var pending = new List<Task<AppendResult>>();
            while (end != StreamId.Zero)
            {
                var page = await cluster.Database.StreamRangeAsync(StreamKey(tenant), from, end.ToString(), ReadCount).ConfigureAwait(false);
                foreach (var entry in page)
                {
                    var batch = Decode(tenant, StreamId.Parse(entry.Id!), entry, out var sequence);
                    if (last is { } previous && sequence != previous + 1
                        && await cluster.Database.HashGetAsync(TrimmedKey, tenant).ConfigureAwait(false) != trimmedBefore)
                    {
                        // A trim removed entries after the part already read. (A break the stream had before, an XDEL
                        // or a lost sequence counter, is read as it is, as every replica reads it.)
                        await Task.WhenAll(pending).ConfigureAwait(false);
                        return null;
                    }

                    last = sequence;

                    // Appends keep their order in the writer's queue; a few hundred in flight make groups of them.
                    pending.Add(log.AppendAsync(batch, cancellationToken).AsTask());
                }

                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
                if (page.Length < ReadCount)
                {
                    break;
                }

                from = "(" + page[^1].Id;
                await cluster.Database.HashSetAsync(CursorsKey(hold), "@at", NowMilliseconds).ConfigureAwait(false);
            }

            await log.FlushAsync(cancellationToken).ConfigureAwait(false);
            return log.EndPosition;
        }
        finally
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }
    }
}
