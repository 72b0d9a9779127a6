using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Core;
using NeuronEngine.EventLog;
using NeuronEngine.Registry.Redis;

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
        if (Directory.Exists(directory))
        {
            // A snapshot left by an earlier lease of this run (the trainer died): write it again, whole.
            Directory.Delete(directory, recursive: true);
        }

        var options = new EventLogOptions { Directory = directory, Durability = "none" };
        var log = await EventLogWriter.OpenAsync(options, NullLogger.Instance, sequencer: null, time, cancellationToken).ConfigureAwait(false);
        try
        {
            var from = "-";
            var pending = new List<Task<AppendResult>>();
            while (end != StreamId.Zero)
            {
                var page = await cluster.Database.StreamRangeAsync(StreamKey(tenant), from, end.ToString(), ReadCount).ConfigureAwait(false);
                foreach (var entry in page)
                {
                    // Appends keep their order in the writer's queue; a few hundred in flight make groups of them.
                    pending.Add(log.AppendAsync(Decode(tenant, StreamId.Parse(entry.Id!), entry), cancellationToken).AsTask());
                }

                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
                if (page.Length < ReadCount)
                {
                    break;
                }

                from = "(" + page[^1].Id;
            }

            await log.FlushAsync(cancellationToken).ConfigureAwait(false);
            return log.EndPosition;
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            throw RedisControlPlane.Unreachable(ex);
        }
        finally
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }
    }
}
