using Grpc.Core;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Trainer.Worker;

internal sealed partial class LeaseSession
{
    // An item leaves its queue once the engine took it, so a failed call loses nothing; an item the engine refuses as
    // invalid is dropped (with a warning), or it would be sent again forever.
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (epochs.TryPeek(out var epoch))
        {
            try
            {
                await engine.Client.ReportEpochAsync(
                    new ReportEpochRequest { RunId = RunId, LeaseId = lease.LeaseId, Epoch = epoch },
                    engine.Headers,
                    deadline: DateTime.UtcNow.AddSeconds(10),
                    cancellationToken: cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument)
            {
                SessionLog.ReportRefused(logger, RunId, $"epoch {epoch.Epoch}", ex.Status.Detail);
            }

            epochs.TryDequeue(out _);
        }

        while (pendingLines.Count > 0 || !lines.IsEmpty)
        {
            while (pendingLines.Count < 1000 && lines.TryDequeue(out var line))
            {
                pendingLines.Add(line);
            }

            var request = new AppendRunLogsRequest { RunId = RunId, LeaseId = lease.LeaseId };
            request.Lines.Add(pendingLines);
            try
            {
                await engine.Client.AppendRunLogsAsync(request, engine.Headers, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument)
            {
                SessionLog.ReportRefused(logger, RunId, $"{pendingLines.Count} log line(s)", ex.Status.Detail);
            }

            pendingLines.Clear();
        }
    }

    private async Task CompleteAsync(CompleteRunRequest request, int attempts)
    {
        // The engine may be restarting; the lease outlives a short outage, so retry for a while (unless shutting down).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var deadline = DateTime.UtcNow + (attempts == 1 ? ShutdownCompleteBudget : TimeSpan.FromSeconds(120));
                var run = await engine.Client.CompleteRunAsync(request, engine.Headers, deadline: deadline);
                var version = run.Version is null ? "" : $" as {run.Version.Family} v{run.Version.Version}";
                SessionLog.Completed(logger, RunId, run.Status, version, run.Error);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable && attempt < attempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
            catch (RpcException ex)
            {
                SessionLog.CompleteFailed(logger, RunId, ex.StatusCode, ex.Status.Detail);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                SessionLog.CompleteFailed(logger, RunId, StatusCode.Unavailable, $"the trainer token cannot be read: {ex.Message}");
                return;
            }
        }
    }
}
