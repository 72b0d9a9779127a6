using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster;

/// <summary>The serving channel (<see cref="ServingKeys.Channel"/>): promotions and serving changes, to every replica.</summary>
/// <remarks>
/// Pub/sub delivers only to replicas connected at that moment; whatever a replica misses it finds on its next poll of
/// the serving generation and of the heartbeats, so a message only makes things faster.
/// </remarks>
internal sealed class ServingChannel(RedisCluster cluster)
{
    private readonly RedisChannel channel = new ServingKeys(cluster.Options.KeyPrefix).Channel;

    /// <summary>Sends without waiting for Redis; a message lost to a broken connection is caught up by polling.</summary>
    public void Publish(ServingMessage message)
    {
        try
        {
            cluster.Connection.GetSubscriber().Publish(channel, message.Format(), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ClusterFailures.IsUnavailable(ex))
        {
        }
    }

    public Task PublishAsync(ServingMessage message) => cluster.Connection.GetSubscriber().PublishAsync(channel, message.Format());

    /// <summary>Calls <paramref name="handler"/> for every message (on a Redis client thread: it must return quickly); the client resubscribes after a reconnect by itself.</summary>
    public Task SubscribeAsync(Action<ServingMessage> handler) =>
        cluster.Connection.GetSubscriber().SubscribeAsync(channel, (_, value) =>
        {
            if (ServingMessage.Parse(value) is { } message)
            {
                handler(message);
            }
        });
}
