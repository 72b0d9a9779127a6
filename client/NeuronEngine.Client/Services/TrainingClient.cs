using Google.Protobuf;
using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Services;

/// <summary>Training runs and uploaded datasets (<c>neuron.v1.TrainingService</c>).</summary>
public sealed class TrainingClient
{
    private readonly TrainingService.TrainingServiceClient client;
    private readonly RpcCaller rpc;

    internal TrainingClient(TrainingService.TrainingServiceClient client, RpcCaller rpc)
    {
        this.client = client;
        this.rpc = rpc;
    }

    /// <summary>Queues a run of a Published template (the calling API key's name recorded as its actor).</summary>
    public Task<Run> StartRunAsync(StartRunRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.StartRunAsync(request, rpc.Unary(deadline, ct)));

    /// <summary>Queues a run of a Published template with the engine's defaults.</summary>
    public Task<Run> StartRunAsync(string templateId, CancellationToken ct = default) =>
        StartRunAsync(new StartRunRequest { TemplateId = templateId }, null, ct);

    /// <summary>One run, with its manifest.</summary>
    public Task<Run> GetRunAsync(string runId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.GetRunAsync(new GetRunRequest { RunId = runId }, rpc.Unary(deadline, ct)));

    /// <summary>Every run the request selects, newest first, page by page (each page with its own deadline).</summary>
    public async Task<IReadOnlyList<Run>> ListRunsAsync(ListRunsRequest? request = null, TimeSpan? deadline = null, CancellationToken ct = default)
    {
        var next = request?.Clone() ?? new ListRunsRequest();
        return await Paging.AllAsync(
            token =>
            {
                next.PageToken = token;
                return ListRunsPageAsync(next, deadline, ct);
            },
            static page => page.Runs,
            static page => page.NextPageToken);
    }

    /// <summary>One page of runs, newest first; pass <c>NextPageToken</c> back until it is empty.</summary>
    public Task<ListRunsResponse> ListRunsPageAsync(ListRunsRequest request, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.ListRunsAsync(request, rpc.Unary(deadline, ct)));

    /// <summary>Stops a queued or running run.</summary>
    public Task<Run> StopRunAsync(string runId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.StopRunAsync(new StopRunRequest { RunId = runId }, rpc.Unary(deadline, ct)));

    /// <summary>The run now and after each change until it ends; no deadline unless given one.</summary>
    public IAsyncEnumerable<Run> WatchRunAsync(string runId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Stream(client.WatchRun(new WatchRunRequest { RunId = runId }, rpc.Long(deadline, ct)), ct);

    /// <summary>The trainer's log lines, oldest first.</summary>
    public async Task<IReadOnlyList<string>> GetRunLogsAsync(string runId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        (await RpcCaller.Await(client.GetRunLogsAsync(new GetRunLogsRequest { RunId = runId }, rpc.Unary(deadline, ct)))).Lines;

    /// <summary>Uploads a JSON Lines dataset read from <paramref name="content"/>; no deadline unless given one.</summary>
    public Task<Dataset> UploadDatasetAsync(UploadDatasetHeader header, Stream content, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Upload(
            client.UploadDataset(rpc.Long(deadline, ct)),
            new UploadDatasetRequest { Header = header },
            content,
            chunk => new UploadDatasetRequest { Chunk = ByteString.CopyFrom(chunk.Span) },
            ct);

    /// <summary>The tenant's datasets, ordered by id.</summary>
    public async Task<IReadOnlyList<Dataset>> ListDatasetsAsync(TimeSpan? deadline = null, CancellationToken ct = default) =>
        (await RpcCaller.Await(client.ListDatasetsAsync(new ListDatasetsRequest(), rpc.Unary(deadline, ct)))).Datasets;

    /// <summary>Deletes a dataset no queued or running run uses.</summary>
    public Task DeleteDatasetAsync(string datasetId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.DeleteDatasetAsync(new DeleteDatasetRequest { DatasetId = datasetId }, rpc.Unary(deadline, ct)));
}
