using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Trainer.Runs;
using NeuronEngine.Trainer.Worker;
using FrozenTemplateMessage = NeuronEngine.Contracts.V1.FrozenTemplate;

namespace NeuronEngine.Trainer.Tests.Worker;

public sealed class LeaseSessionTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// Regression: every heartbeat sent the queued reports before renewing, and an epoch the engine refused (a NaN
    /// loss is INVALID_ARGUMENT) stayed queued, so the lease was never renewed again and the run expired.
    /// </summary>
    [Fact]
    public async Task RunAsync_EngineRefusesAnEpoch_KeepsRenewingDropsTheEpochAndCompletes()
    {
        var renewed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var renewals = 0;
        var engine = new FakeEngine((method, _) => method switch
        {
            "ReportEpoch" => throw new RpcException(new Status(StatusCode.InvalidArgument, "epoch.loss: must be a finite number")),
            "RenewLease" => Renewed(ref renewals, renewed),
            "CompleteRun" => new Run { Status = RunStatus.Succeeded },
            _ => new Empty(),
        });

        await RunAsync(engine, async (spec, work, reporter, token) =>
        {
            reporter.Epoch(1, double.NaN, new Dictionary<string, double> { ["ndcg@10"] = 0.1 });
            await renewed.Task.WaitAsync(token);
            return new RunOutcome(false, new Dictionary<string, double>(), "{}", work);
        });

        Assert.Equal(1, engine.Count("ReportEpoch"));
        var complete = Assert.IsType<CompleteRunRequest>(Assert.Single(engine.Calls, c => c.Method == "CompleteRun").Request);
        Assert.Equal(RunStatus.Succeeded, complete.Status);
    }

    /// <summary>Regression: an engine away for good left the trainer training a run whose lease had long expired.</summary>
    [Fact]
    public async Task RunAsync_NoRenewalForLongerThanTheLease_AbandonsTheRunWithoutCompleting()
    {
        var engine = new FakeEngine((method, _) => method == "RenewLease"
            ? throw new RpcException(new Status(StatusCode.Unavailable, "connection refused"))
            : new Empty());
        var cancelled = false;

        await RunAsync(engine, async (spec, work, reporter, token) =>
        {
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return null!;
        }, leaseSeconds: 1);

        Assert.True(cancelled);
        Assert.Equal(0, engine.Count("CompleteRun"));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "work")));
    }

    /// <summary>
    /// Regression: on shutdown with the engine away, CompleteRun was retried ten times (about 35 s), far past the
    /// host's 10-second shutdown budget; now it is tried once and the lease's expiry ends the run on the engine.
    /// </summary>
    [Fact]
    public async Task RunAsync_ShutdownWhileEngineAway_TriesCompleteRunOnceAsFailed()
    {
        using var shutdown = new CancellationTokenSource();
        var engine = new FakeEngine((method, _) => method switch
        {
            "CompleteRun" => throw new RpcException(new Status(StatusCode.Unavailable, "engine stopping")),
            "RenewLease" => new RenewLeaseResponse(),
            _ => new Empty(),
        });

        await RunAsync(engine, async (spec, work, reporter, token) =>
        {
            await shutdown.CancelAsync();
            await Task.Delay(System.Threading.Timeout.Infinite, token);
            return null!;
        }, shutdown: shutdown.Token);

        var complete = Assert.IsType<CompleteRunRequest>(Assert.Single(engine.Calls, c => c.Method == "CompleteRun").Request);
        Assert.Equal(RunStatus.Failed, complete.Status);
        Assert.Contains("shut down", complete.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "template.signals[0].weight: must be between 1 and 100, not 0")]
    [InlineData(101, "template.signals[0].weight: must be between 1 and 100, not 101")]
    public async Task RunAsync_TemplateBreaksARule_FailsTheRunWithoutTraining(int weight, string rule)
    {
        var engine = FailingRunEngine();
        var trained = false;

        await RunAsync(engine, (spec, work, reporter, token) =>
        {
            trained = true;
            return Task.FromResult(new RunOutcome(false, new Dictionary<string, double>(), "{}", work));
        }, configure: lease => lease.Template.Signals[0].Weight = weight);

        Assert.False(trained);
        var complete = Assert.IsType<CompleteRunRequest>(Assert.Single(engine.Calls, c => c.Method == "CompleteRun").Request);
        Assert.Equal(RunStatus.Failed, complete.Status);
        Assert.Equal($"the run's frozen template breaks the template rules: {rule}", complete.Error);
    }

    [Fact]
    public async Task RunAsync_LeaseWithoutTemplate_FailsTheRunSayingSo()
    {
        var engine = FailingRunEngine();

        await RunAsync(engine, (spec, work, reporter, token) => throw new InvalidOperationException("must not train"), configure: lease => lease.Template = null);

        var complete = Assert.IsType<CompleteRunRequest>(Assert.Single(engine.Calls, c => c.Method == "CompleteRun").Request);
        Assert.Equal(RunStatus.Failed, complete.Status);
        Assert.StartsWith("template: the lease carries no frozen template", complete.Error, StringComparison.Ordinal);
    }

    private static FakeEngine FailingRunEngine() => new((method, _) => method switch
    {
        "CompleteRun" => new Run { Status = RunStatus.Failed },
        "RenewLease" => new RenewLeaseResponse(),
        _ => new Empty(),
    });

    private static RenewLeaseResponse Renewed(ref int renewals, TaskCompletionSource renewed)
    {
        if (Interlocked.Increment(ref renewals) >= 3)
        {
            renewed.TrySetResult();
        }

        return new RenewLeaseResponse();
    }

    private async Task RunAsync(
        FakeEngine fake, RunExecution execution, int leaseSeconds = 30, CancellationToken shutdown = default, Action<RunLease>? configure = null)
    {
        var tokenFile = Path.Combine(temp.Path, "trainer.token");
        await File.WriteAllTextAsync(tokenFile, "secret", CancellationToken.None);
        using var engine = new EngineLink(fake, tokenFile);
        var options = new TrainerOptions { DataDir = temp.Path, HeartbeatInterval = TimeSpan.FromMilliseconds(100) };
        var lease = new RunLease
        {
            LeaseId = "lease-1",
            LeaseSeconds = leaseSeconds,
            Tenant = "acme",
            Template = new FrozenTemplateMessage { TemplateId = "t1", Name = "shop", Signals = { new FrozenSignal { Type = "click", Weight = 1 } } },
            WorkDirectory = Path.Combine(temp.Path, "work"),
            Run = new Run { RunId = "run-1", Recipe = "pooled-history", EpochsPlanned = 1, BatchSize = 64, LearningRate = 0.01, Seed = 1, Rubric = new Rubric { PrimaryMetric = "ndcg@10" } },
        };
        configure?.Invoke(lease);
        using var session = new LeaseSession(engine, lease, options, NullLogger.Instance);
        await session.RunAsync(execution, shutdown).WaitAsync(Timeout, CancellationToken.None);
    }
}
