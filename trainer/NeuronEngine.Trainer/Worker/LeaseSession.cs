using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Worker;

/// <summary>
/// One leased run: executes it on its own thread while a pump heartbeats the lease every interval with the latest
/// progress and sends the epochs and log lines gathered since; ends the run with exactly one <c>CompleteRun</c>.
/// </summary>
/// <remarks>
/// A stop asked through StopRun arrives on a heartbeat and cancels the run; so does the trainer shutting down. A lost
/// lease (the engine expired or voided it) cancels the run too, and then nothing is reported: the run is no longer ours.
/// </remarks>
internal sealed partial class LeaseSession(EngineLink engine, RunLease lease, TrainerOptions options, ILogger logger) : IRunReporter, IDisposable
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentQueue<EpochMetrics> epochs = new();
    private readonly List<string> pendingLines = [];
    private readonly CancellationTokenSource cancel = new();
    private volatile RunProgress progress = new() { Phase = "reading" };
    private volatile bool stopRequested;
    private volatile bool leaseLost;

    /// <summary>How long the last reports may take at the end of a run, and when the trainer is shutting down.</summary>
    private static readonly TimeSpan FlushBudget = TimeSpan.FromSeconds(30), ShutdownFlushBudget = TimeSpan.FromSeconds(2);

    /// <summary>The one CompleteRun try on shutdown: within the host's 10-second shutdown budget.</summary>
    private static readonly TimeSpan ShutdownCompleteBudget = TimeSpan.FromSeconds(5);

    private string RunId => lease.Run.RunId;

    public void Dispose()
    {
        cancel.Dispose();
        span?.Dispose();
    }

    public void Log(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lines.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
        SessionLog.RunLine(logger, RunId, line);
    }

    public void Progress(string phase, int epoch, long step, long stepsPerEpoch) =>
        progress = new RunProgress { Phase = phase, Epoch = epoch, Step = step, StepsPerEpoch = stepsPerEpoch };

    public void Epoch(int epoch, double loss, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var report = new EpochMetrics { Epoch = epoch, Loss = loss };
        foreach (var (name, value) in metrics)
        {
            report.Metrics[name] = value;
        }
        epochs.Enqueue(report);
        SpanEpoch(epoch, loss);
    }

    /// <summary>Runs the lease to its end and reports the outcome (unless the lease was lost).</summary>
    public async Task RunAsync(RunExecution execution, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(execution);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(shutdown, cancel.Token);
        using var pumpStop = new CancellationTokenSource();
        var pump = PumpAsync(pumpStop.Token);
        var request = new CompleteRunRequest { RunId = RunId, LeaseId = lease.LeaseId };
        var workDirectory = LeaseTranslator.WorkDirectory(lease, options);
        StartSpan();
        try
        {
            var spec = LeaseTranslator.ToSpec(lease, options);
            Directory.CreateDirectory(workDirectory);
            Log($"run {RunId} of template \"{spec.TemplateName}\" ({spec.Tenant}): recipe {spec.Recipe}, {spec.Epochs} epochs, batch {spec.BatchSize}, learning rate {spec.LearningRate}, seed {spec.Seed}");

            // The run is CPU-bound for minutes; its own thread keeps the pump's heartbeats on time.
            var outcome = await Task.Factory.StartNew(
                () => execution(spec, workDirectory, this, linked.Token),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap();
            request.Status = outcome.EarlyStopped ? RunStatus.EarlyStopped : RunStatus.Succeeded;
            foreach (var (name, value) in outcome.FinalMetrics)
            {
                request.FinalMetrics[name] = value;
            }
            request.Manifest = outcome.Manifest;
            request.ArtifactDirectory = outcome.ArtifactDirectory;
            Log(outcome.EarlyStopped ? "early stopped; exporting the best epoch's model" : "finished; registering the version");
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            request.Status = stopRequested ? RunStatus.Stopped : RunStatus.Failed;
            request.Error = stopRequested ? "stopped on request" : "the trainer was shut down during the run";
            Log(request.Error);
        }
        catch (NeuronException ex)
        {
            request.Status = RunStatus.Failed;
            request.Error = ex.Message;
            Log($"failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            request.Status = RunStatus.Failed;
            request.Error = $"internal error in the trainer: {ex.GetType().Name}: {ex.Message}";
            Log($"failed: {request.Error}");
            SessionLog.Crashed(logger, ex, RunId);
        }

        EndSpan(request);
        await pumpStop.CancelAsync();
        await pump;
        if (leaseLost)
        {
            SessionLog.LeaseLost(logger, RunId);
            DeleteWorkDirectory(workDirectory);
            return;
        }

        // On shutdown the host gives the worker only seconds: one bounded try, then the engine's lease expiry ends the run.
        var ending = shutdown.IsCancellationRequested;
        using (var flushBound = new CancellationTokenSource(ending ? ShutdownFlushBudget : FlushBudget))
        {
            try
            {
                await FlushAsync(flushBound.Token);
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException or IOException or UnauthorizedAccessException)
            {
                SessionLog.HeartbeatFailed(logger, RunId, ex.Message);
            }
        }

        await CompleteAsync(request, attempts: ending ? 1 : 10);
        DeleteWorkDirectory(workDirectory);
    }

    // The engine took the artifact (or the run produced none); what is left is scratch.
    private void DeleteWorkDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SessionLog.CleanupFailed(logger, RunId, ex.Message);
        }
    }

    private async Task PumpAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval);
        var leaseLength = TimeSpan.FromSeconds(lease.LeaseSeconds > 0 ? lease.LeaseSeconds : 30);
        var lastRenewal = Environment.TickCount64;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                // Renewal first and apart from the reports, so a report the engine keeps refusing cannot starve the lease.
                try
                {
                    await RenewAsync(stop);
                    lastRenewal = Environment.TickCount64;
                }
                catch (RpcException ex) when (IsLeaseGone(ex))
                {
                    await LoseLeaseAsync();
                    return;
                }
                catch (Exception ex) when (!stop.IsCancellationRequested && ex is RpcException or IOException or UnauthorizedAccessException)
                {
                    // The engine is away (restarting?): keep training while the lease can still hold.
                    if (ex is RpcException { StatusCode: StatusCode.PermissionDenied })
                    {
                        engine.ResetToken();
                    }

                    SessionLog.HeartbeatFailed(logger, RunId, ex is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : ex.Message);
                    if (TimeSpan.FromMilliseconds(Environment.TickCount64 - lastRenewal) > leaseLength)
                    {
                        // Past the lease without a renewal the engine has failed the run; training on helps no one.
                        await LoseLeaseAsync();
                        return;
                    }

                    continue;
                }

                try
                {
                    await FlushAsync(stop);
                }
                catch (RpcException ex) when (IsLeaseGone(ex))
                {
                    await LoseLeaseAsync();
                    return;
                }
                catch (Exception ex) when (!stop.IsCancellationRequested && ex is RpcException or IOException or UnauthorizedAccessException)
                {
                    SessionLog.HeartbeatFailed(logger, RunId, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (RpcException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static bool IsLeaseGone(RpcException ex) => ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound;

    private async Task LoseLeaseAsync()
    {
        leaseLost = true;
        await cancel.CancelAsync();
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        var answer = await engine.Client.RenewLeaseAsync(
            new RenewLeaseRequest { RunId = RunId, LeaseId = lease.LeaseId, Progress = progress },
            engine.Headers,
            deadline: DateTime.UtcNow.AddSeconds(10),
            cancellationToken: stop);
        if (answer.StopRequested && !stopRequested)
        {
            stopRequested = true;
            Log("stop requested");
            await cancel.CancelAsync();
        }
    }
}
