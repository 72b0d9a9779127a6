using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Registry.Training;
using NeuronEngine.Server.Tenancy;
using NeuronEngine.Engine.Training;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.TrainingService: runs (start, inspect, stop, watch, logs) and uploaded datasets.</summary>
internal sealed class TrainingServiceImpl(
    IRunStore runs,
    IDatasetStore datasets,
    RunStarter starter,
    RunStopper stopper,
    RunChanges changes,
    DatasetUploader uploader,
    DatasetAdministration datasetAdministration,
    IHostApplicationLifetime lifetime) : TrainingService.TrainingServiceBase
{
    public override async Task<Run> StartRun(StartRunRequest request, ServerCallContext context)
    {
        var tenant = context.GetWritableTenant();
        var run = await starter.StartAsync(tenant, context.GetActor(), request, context.CancellationToken);
        return run.ToContract();
    }

    public override Task<Run> GetRun(GetRunRequest request, ServerCallContext context) =>
        Task.FromResult(runs.Get(context.GetTenant(), request.RunId).ToContract());

    public override Task<ListRunsResponse> ListRuns(ListRunsRequest request, ServerCallContext context)
    {
        // The store lists runs without their manifests (up to 1 MiB each), so a page stays within clients' message limits.
        var page = runs.List(context.GetTenant(), request.TemplateId, request.Status.ToFilter(), request.HasPageSize ? request.PageSize : null, request.PageToken);
        var response = new ListRunsResponse { NextPageToken = page.NextPageToken };
        response.Runs.Add(page.Items.Select(r => r.ToContract()));
        return Task.FromResult(response);
    }

    public override async Task<Run> StopRun(StopRunRequest request, ServerCallContext context)
    {
        var run = await stopper.StopAsync(context.GetWritableTenant(), request.RunId, context.CancellationToken);
        return run.ToContract();
    }

    /// <summary>The run now, then after every change until it ends, the client cancels or the engine stops.</summary>
    /// <remarks>Each wait is armed before the run is read, so a change between the read and the wait is not missed.</remarks>
    public override async Task WatchRun(WatchRunRequest request, IServerStreamWriter<Run> responseStream, ServerCallContext context)
    {
        var tenant = context.GetTenant();

        // Checked before the first wait is armed, so watching ids that name no run leaves nothing behind.
        _ = runs.Get(tenant, request.RunId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);

        // One for the whole stream: a wait made per change would register with the token each time, and a long run
        // changes at every heartbeat.
        var stopped = Task.Delay(Timeout.Infinite, stop.Token);
        while (true)
        {
            var next = changes.NextChange(request.RunId);
            var run = runs.Get(tenant, request.RunId);
            await responseStream.WriteAsync(run.ToContract(), context.CancellationToken);
            if (run.IsFinished)
            {
                changes.Forget(run.RunId);
                return;
            }

            if (await Task.WhenAny(next, stopped) != next)
            {
                break;
            }
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw NeuronException.Unavailable("the engine is shutting down; watch again after it restarts");
        }
    }

    public override Task<GetRunLogsResponse> GetRunLogs(GetRunLogsRequest request, ServerCallContext context)
    {
        var response = new GetRunLogsResponse();
        response.Lines.Add(runs.GetLogs(context.GetTenant(), request.RunId));
        return Task.FromResult(response);
    }

    public override async Task<Dataset> UploadDataset(IAsyncStreamReader<UploadDatasetRequest> requestStream, ServerCallContext context)
    {
        var tenant = context.GetWritableTenant();
        var header = await UploadStream.ReadHeaderAsync(requestStream, static r => r.PartCase == UploadDatasetRequest.PartOneofCase.Header ? r.Header : null, context.CancellationToken);
        var chunks = UploadStream.ChunksAsync(requestStream, static r => r.PartCase == UploadDatasetRequest.PartOneofCase.Chunk ? r.Chunk : null, context.CancellationToken);
        var dataset = await uploader.UploadAsync(tenant, header, chunks, context.CancellationToken);
        return dataset.ToContract();
    }

    public override Task<ListDatasetsResponse> ListDatasets(ListDatasetsRequest request, ServerCallContext context)
    {
        var response = new ListDatasetsResponse();
        response.Datasets.Add(datasets.List(context.GetTenant()).Select(d => d.ToContract()));
        return Task.FromResult(response);
    }

    public override async Task<Empty> DeleteDataset(DeleteDatasetRequest request, ServerCallContext context)
    {
        await datasetAdministration.DeleteAsync(context.GetWritableTenant(), request.DatasetId);
        return new Empty();
    }
}
