using System.Collections.Concurrent;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// Cluster mode: tells the other replicas that something they cache changed in Redis (a tenant's event types, its
/// catalog, a revoked API key), over the cluster's <c>invalidate</c> channel.
/// </summary>
/// <remarks>
/// A replica ignores its own messages (it updated its cache as it wrote). Redis pub/sub loses messages only while a
/// subscriber is disconnected, so when the subscription reconnects every handler is called with null: forget
/// everything of that kind and reload it from Redis.
/// </remarks>
public sealed class ClusterInvalidations
{
    private readonly RedisCluster cluster;
    private readonly ConcurrentDictionary<string, Action<string?>> handlers = new(StringComparer.Ordinal);
    private int subscribed;

    public ClusterInvalidations(RedisCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        this.cluster = cluster;
    }

    private RedisChannel Channel => cluster.Channel("invalidate");

    /// <summary>Calls <paramref name="handler"/> with the value another replica published for <paramref name="kind"/>, or null after a reconnect (forget all).</summary>
    public void On(string kind, Action<string?> handler)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(handler);
        handlers[kind] = handler;
        if (Interlocked.Exchange(ref subscribed, 1) == 0)
        {
            Subscribe();
        }
    }

    /// <summary>Tells the other replicas that <paramref name="value"/> of <paramref name="kind"/> changed; never throws (a replica that misses it reloads at its reconnect).</summary>
    public void Publish(string kind, string value)
    {
        try
        {
            cluster.Connection.GetSubscriber().Publish(Channel, $"{cluster.ReplicaId}\n{kind}\n{value}", CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            // The other replicas lose their subscription too, and forget everything when it comes back.
        }
    }

    private void Subscribe()
    {
        var connection = cluster.Connection;
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                foreach (var handler in handlers.Values)
                {
                    handler(null);
                }
            }
        };
        _ = connection.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
        {
            var parts = ((string?)message)?.Split('\n', 3);
            if (parts is [var origin, var kind, var value] && origin != cluster.ReplicaId && handlers.TryGetValue(kind, out var handler))
            {
                handler(value);
            }
        }).ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }
}
