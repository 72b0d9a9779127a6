using System.Collections.Concurrent;

namespace NeuronEngine.Engine.Serving;

/// <summary>
/// Wakes <c>WatchEndpoint</c> streams when an endpoint changes: a promotion started, finished or failed; in cluster
/// mode also when another replica changed the registry's record or a replica's serving changed (it caught up, joined
/// or left).
/// </summary>
/// <remarks>A wake-up means "read again": a watcher may be woken when nothing it shows changed.</remarks>
internal sealed class EndpointChanges
{
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint), TaskCompletionSource> signals = new();

    /// <summary>A task that completes at the endpoint's next change.</summary>
    public Task NextChange(string tenant, string endpoint) =>
        signals.GetOrAdd((tenant, endpoint), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Changed(string tenant, string endpoint)
    {
        if (signals.TryRemove((tenant, endpoint), out var signal))
        {
            signal.TrySetResult();
        }
    }

    /// <summary>Every endpoint may have changed (a replica joined or left the cluster).</summary>
    public void ChangedAll()
    {
        foreach (var key in signals.Keys)
        {
            Changed(key.Tenant, key.Endpoint);
        }
    }
}
