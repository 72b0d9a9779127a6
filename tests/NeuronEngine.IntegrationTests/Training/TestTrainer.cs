using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;

namespace NeuronEngine.IntegrationTests.Training;

/// <summary>The test acting as a trainer process: RunLeaseService calls carrying a trainer token.</summary>
public sealed class TestTrainer : IDisposable
{
    private readonly GrpcChannel channel;

    public TestTrainer(string address, string? token, string id)
    {
        Id = id;
        channel = GrpcChannel.ForAddress(address);
        var invoker = token is null ? channel.CreateCallInvoker() : channel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("x-trainer-token", token);
            return metadata;
        });
        Leases = new RunLeaseService.RunLeaseServiceClient(invoker);
    }

    public string Id { get; }

    public RunLeaseService.RunLeaseServiceClient Leases { get; }

    /// <summary>Leases until it gets <paramref name="runId"/>; runs queued before it (left by other tests) are failed on the way.</summary>
    public async Task<RunLease> LeaseAsync(string runId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var response = await Leases.LeaseRunAsync(new LeaseRunRequest { TrainerId = Id, WaitMs = 5000 }).Within();
            Assert.NotNull(response.Lease);
            if (response.Lease.Run.RunId == runId)
            {
                return response.Lease;
            }

            await CompleteAsync(response.Lease, RunStatus.Failed, error: "left over by another test");
        }

        throw new InvalidOperationException($"run {runId} was never leased");
    }

    /// <summary>Fails every queued run, so the next lease is of a run started after this.</summary>
    public async Task DrainAsync()
    {
        while ((await Leases.LeaseRunAsync(new LeaseRunRequest { TrainerId = Id, WaitMs = 0 }).Within()).Lease is { } lease)
        {
            await CompleteAsync(lease, RunStatus.Failed, error: "left over by another test");
        }
    }

    public async Task<bool> RenewAsync(RunLease lease, string phase = "training", int epoch = 1, long step = 0, long steps = 10)
    {
        var response = await Leases.RenewLeaseAsync(new RenewLeaseRequest
        {
            RunId = lease.Run.RunId,
            LeaseId = lease.LeaseId,
            Progress = new RunProgress { Phase = phase, Epoch = epoch, Step = step, StepsPerEpoch = steps },
        }).Within();
        return response.StopRequested;
    }

    /// <summary>Renews until the engine answers stop_requested (as a trainer hears StopRun); false if it never does.</summary>
    public async Task<bool> HearStopAsync(RunLease lease)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await RenewAsync(lease))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    public async Task ReportEpochAsync(RunLease lease, int epoch, double loss, double ndcg)
    {
        var metrics = new EpochMetrics { Epoch = epoch, Loss = loss };
        metrics.Metrics["ndcg@10"] = ndcg;
        await Leases.ReportEpochAsync(new ReportEpochRequest { RunId = lease.Run.RunId, LeaseId = lease.LeaseId, Epoch = metrics }).Within();
    }

    public Task<Run> CompleteAsync(
        RunLease lease, RunStatus status, string? artifact = null, Dictionary<string, double>? metrics = null, string? manifest = null, string? error = null)
    {
        var request = new CompleteRunRequest
        {
            RunId = lease.Run.RunId,
            LeaseId = lease.LeaseId,
            Status = status,
            ArtifactDirectory = artifact ?? "",
            Manifest = manifest ?? "",
            Error = error ?? "",
        };
        foreach (var (name, value) in metrics ?? [])
        {
            request.FinalMetrics[name] = value;
        }

        return Leases.CompleteRunAsync(request).Within();
    }

    public void Dispose() => channel.Dispose();
}
