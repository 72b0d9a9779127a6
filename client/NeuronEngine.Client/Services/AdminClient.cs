using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Services;

/// <summary>
/// Engine-wide operations (<c>neuron.v1.AdminService</c>): backups and, in cluster mode, the replicas' status. Operator
/// keys only (or no key from the engine's own machine in loopback mode).
/// </summary>
public sealed class AdminClient
{
    private readonly AdminService.AdminServiceClient client;
    private readonly RpcCaller rpc;

    internal AdminClient(AdminService.AdminServiceClient client, RpcCaller rpc)
    {
        this.client = client;
        this.rpc = rpc;
    }

    /// <summary>
    /// Makes a consistent online backup of the running engine into the folder <paramref name="name"/> under the engine's
    /// backup directory, and returns that folder (a path on the engine's host), the log position it holds every event up
    /// to, its size and how long it took. <c>INVALID_ARGUMENT</c> for a bad name, <c>ALREADY_EXISTS</c> when taken,
    /// <c>UNAVAILABLE</c> while the engine is starting.
    /// </summary>
    /// <param name="name">The backup's folder name: letters, digits, '_', '.', '-', at most 128, not starting with '.', '_' or '-'.</param>
    /// <param name="deadline">No deadline unless given: a backup copies the whole data directory.</param>
    /// <param name="ct">Cancels the backup; the engine then deletes what it had written.</param>
    public Task<BackupResponse> BackupAsync(string name, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.BackupAsync(new BackupRequest { Name = name }, rpc.Long(deadline, ct)));

    /// <summary>
    /// Cluster mode: every live replica, where it listens, whether it is ready, and what it serves on each tenant's
    /// endpoints (with why a load failed there). A single-node engine answers <c>FAILED_PRECONDITION</c>; Redis away,
    /// <c>UNAVAILABLE</c>. A read: sent again on <c>UNAVAILABLE</c> to a replica that is up.
    /// </summary>
    /// <param name="deadline">The call's deadline; the default one when null.</param>
    /// <param name="ct">Cancels the call.</param>
    public Task<ClusterStatus> GetClusterStatusAsync(TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.GetClusterStatusAsync(new GetClusterStatusRequest(), rpc.Unary(deadline, ct)));
}
