using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Engine.Backup;
using NeuronEngine.Engine.Cluster;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.AdminService: operations on the whole engine, not on one tenant (no tenant header needed).</summary>
/// <param name="backups">Online backups.</param>
/// <param name="cluster">The replicas' statuses; null in single-node mode.</param>
internal sealed class AdminServiceImpl(BackupService backups, ClusterEndpointStatus? cluster = null) : AdminService.AdminServiceBase
{
    public override async Task<BackupResponse> Backup(BackupRequest request, ServerCallContext context)
    {
        var result = await backups.BackupAsync(request.Name, context.CancellationToken);
        return new BackupResponse
        {
            Directory = result.Directory,
            LogPosition = result.LogPosition,
            Bytes = result.Bytes,
            Files = result.Files,
            ModelVersions = result.ModelVersions,
            Duration = Duration.FromTimeSpan(result.Duration),
            IngestPaused = Duration.FromTimeSpan(result.IngestPaused),
            Created = Timestamp.FromDateTimeOffset(result.Created),
            Pruned = { result.Pruned },
        };
    }

    public override async Task<ClusterStatus> GetClusterStatus(GetClusterStatusRequest request, ServerCallContext context)
    {
        if (cluster is null)
        {
            throw NeuronException.FailedPrecondition("the engine runs in single-node mode (start every replica with --cluster redis=HOST:PORT for cluster mode)");
        }

        var status = new ClusterStatus { ReplicaId = cluster.ReplicaId };
        status.Replicas.Add((await cluster.LiveAsync()).OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => r.ToContract()));
        return status;
    }
}
