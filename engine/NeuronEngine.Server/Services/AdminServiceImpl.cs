using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Backup;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.AdminService: operations on the whole engine, not on one tenant (no tenant header needed).</summary>
internal sealed class AdminServiceImpl(BackupService backups) : AdminService.AdminServiceBase
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
}
