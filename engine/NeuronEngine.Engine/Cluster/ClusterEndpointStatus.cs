using System.Text;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// An endpoint's status across the cluster: the registry's record, except that an endpoint IN_SERVICE there is
/// UPDATING while some live, ready replica does not serve its version yet. And the watcher of those statuses: it wakes
/// <see cref="EndpointChanges"/> when what the replicas serve changes, so <c>WatchEndpoint</c> sees the last replica
/// catch up wherever the promotion ran.
/// </summary>
internal sealed class ClusterEndpointStatus(ClusterReplicas replicas, ReplicaServing local, EndpointChanges changes) : IEndpointStatus
{
    private string? members;
    private Dictionary<(string Tenant, string Endpoint), string> served = [];

    /// <summary>This replica's id.</summary>
    public string ReplicaId => local.Id;

    public async ValueTask<ModelEndpoint> ResolveAsync(string tenant, ModelEndpoint registered)
    {
        ArgumentNullException.ThrowIfNull(registered);
        // Only IN_SERVICE depends on the replicas: no Redis read for the others.
        return registered.Status == ModelEndpointStatus.InService ? Resolve(tenant, registered, await LiveAsync()) : registered;
    }

    /// <summary>Every live replica, this one as it is now rather than as it last beat. Throws UNAVAILABLE when Redis cannot be reached.</summary>
    public async Task<IReadOnlyList<ReplicaRecord>> LiveAsync()
    {
        var others = await replicas.ListLiveAsync();
        var self = local.Snapshot();
        return [.. others.Where(r => r.Id != self.Id), self];
    }

    /// <summary>
    /// <paramref name="registered"/> as it stands across <paramref name="live"/>: IN_SERVICE with version V becomes UPDATING
    /// (to V) while a ready replica does not serve V, with the first such replica's load error as the last error when it
    /// has one. Every other status is the registry's. Replicas still starting are not counted: they take no traffic.
    /// </summary>
    public static ModelEndpoint Resolve(string tenant, ModelEndpoint registered, IEnumerable<ReplicaRecord> live)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(live);
        if (registered.Status != ModelEndpointStatus.InService || registered.Serving is not { } promoted)
        {
            return registered;
        }

        var behind = false;
        string? error = null;
        foreach (var replica in live)
        {
            if (!replica.Ready)
            {
                continue;
            }

            var entry = replica.Find(tenant, registered.Name);
            if (entry is not null && entry.Serves(promoted))
            {
                continue;
            }

            behind = true;
            if (error is null && entry?.Error is { } failed)
            {
                error = $"replica {replica.Id}: {failed}";
            }
        }

        return behind
            ? registered with { Status = ModelEndpointStatus.Updating, UpdatingTo = promoted, LastError = error ?? registered.LastError }
            : registered;
    }

    /// <summary>
    /// Compares <paramref name="live"/> with the last observation and wakes the watchers of every endpoint whose picture
    /// changed (all of them when a replica joined, left or became ready). Called by one thread at a time (the heartbeat loop).
    /// </summary>
    public void Observe(IReadOnlyList<ReplicaRecord> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var (nowMembers, nowServed) = Picture(live);
        if (members is not null)
        {
            if (nowMembers != members)
            {
                changes.ChangedAll();
            }
            else
            {
                foreach (var key in nowServed.Keys.Union(served.Keys))
                {
                    if (nowServed.GetValueOrDefault(key) != served.GetValueOrDefault(key))
                    {
                        changes.Changed(key.Tenant, key.Endpoint);
                    }
                }
            }
        }

        members = nowMembers;
        served = nowServed;
    }

    /// <summary>What the statuses depend on: the ready replicas, and per endpoint what each replica serves and why it failed.</summary>
    internal static (string Members, Dictionary<(string Tenant, string Endpoint), string> Served) Picture(IReadOnlyList<ReplicaRecord> live)
    {
        var ordered = live.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var members = string.Join('\n', ordered.Select(r => r.Ready ? r.Id : r.Id + " (starting)"));
        var builders = new Dictionary<(string Tenant, string Endpoint), StringBuilder>();
        foreach (var replica in ordered)
        {
            foreach (var entry in replica.Endpoints)
            {
                if (!builders.TryGetValue((entry.Tenant, entry.Endpoint), out var builder))
                {
                    builders[(entry.Tenant, entry.Endpoint)] = builder = new StringBuilder();
                }

                builder.Append(replica.Id).Append('=').Append(entry.ServedText).Append(' ').Append(entry.Error).Append('\n');
            }
        }

        return (members, builders.ToDictionary(b => b.Key, b => b.Value.ToString()));
    }
}
