using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.EventLog;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Training;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Engine.Tests.Telemetry;
using NeuronEngine.Engine.Training;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Training;

/// <summary>
/// The engine renewing a run's lease while it completes the run, against a real registry, on a manual clock whose timers
/// (the keeper's and the expiry service's) fire only when the test moves it.
/// </summary>
public sealed class LeaseKeeperTests : IDisposable
{
    private const string Trainer = "trainer-1";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory directory = new("keeper");
    private readonly ManualTimeProvider clock = new();
    private readonly RegistryDatabase database;
    private readonly RunStore runs;
    private readonly RunChanges changes = new();

    public LeaseKeeperTests()
    {
        database = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = directory.Combine("registry.db") }), NullLogger<RegistryDatabase>.Instance);
        runs = new RunStore(database, new ModelStore(database, clock), clock);
    }

    public void Dispose()
    {
        database.Dispose();
        directory.Dispose();
    }

    [Fact]
    public async Task Start_HeldLease_RenewedAtOnceThenEveryThirdOfTheLeaseSoItNeverExpires()
    {
        var leased = LeaseRun();
        var watched = changes.NextChange(leased.Run.RunId);
        clock.Advance(Lease - TimeSpan.FromSeconds(1));

        await using var keeper = LeaseKeeper.Start(runs, changes, leased.Run.RunId, leased.LeaseId, new RunProgress("verifying", 2), Lease, clock);

        Assert.True(watched.IsCompleted, "watchers hear the phase change");
        var renewed = runs.Get("acme", leased.Run.RunId);
        Assert.Equal(("verifying", 2), (renewed.Progress.Phase, renewed.Progress.Epoch));
        Assert.Equal(clock.GetUtcNow() + Lease, renewed.LeaseExpires);

        // Six intervals: twice past the lease the trainer took, and past the one renewed at start.
        for (var step = 0; step < 6; step++)
        {
            clock.Advance(Interval);
            await WaitUntilAsync(() => ExpiresOf(leased) == clock.GetUtcNow() + Lease);
            Assert.Empty(runs.ExpireLeases());
        }

        Assert.Equal(RunStatus.Running, runs.Get("acme", leased.Run.RunId).Status);
    }

    [Fact]
    public async Task DisposeAsync_RenewalsStop_RunFailsOnceALeasePassesAfterTheLastRenewal()
    {
        var leased = LeaseRun();
        var keeper = LeaseKeeper.Start(runs, changes, leased.Run.RunId, leased.LeaseId, new RunProgress("verifying"), Lease, clock);
        clock.Advance(Interval);
        await WaitUntilAsync(() => ExpiresOf(leased) == clock.GetUtcNow() + Lease);

        await keeper.DisposeAsync().AsTask().WaitAsync(WaitLimit);
        var lastRenewal = clock.GetUtcNow();
        clock.Advance(Lease);

        Assert.Empty(runs.ExpireLeases());
        Assert.Equal(lastRenewal + Lease, ExpiresOf(leased));

        clock.Advance(TimeSpan.FromMilliseconds(1));

        var expired = Assert.Single(runs.ExpireLeases());
        Assert.Equal((leased.Run.RunId, RunStatus.Failed), (expired.RunId, expired.Status));
        Assert.Equal($"the trainer holding the run ({Trainer}) stopped reporting; its lease expired at 2026-11-01T12:00:20.000Z", expired.Error);
    }

    [Fact]
    public async Task DisposeAsync_ExpiryServiceRunning_RunFailedItsWatchersWokenAndItsFolderDeleted()
    {
        using var recorder = new MeasurementRecorder();
        var folders = new RunDirectories(Options.Create(new EngineOptions { DataDir = directory.Combine("data") }),
            Options.Create(new EventLogOptions { Directory = directory.Combine("events") }));
        var training = Options.Create(new TrainingOptions { ExpiryInterval = TimeSpan.FromSeconds(1) });
        using var expiry = new LeaseExpiryService(runs, changes, folders, training, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), clock,
            new TrainingMetrics(recorder.Meters, new TenantLabels(10), clock), NullLogger<LeaseExpiryService>.Instance);
        await expiry.StartAsync(CancellationToken.None).WaitAsync(WaitLimit);

        // The service's loop (and its timer) starts on the thread pool: the clock must not move before the timer exists.
        await WaitUntilAsync(() => clock.ArmedTimers == 1);
        var leased = LeaseRun();
        var folder = folders.For(leased.Run.RunId);

        // The service ticks every second throughout; the keeper holds the run well past the trainer's own lease.
        var keeper = LeaseKeeper.Start(runs, changes, leased.Run.RunId, leased.LeaseId, new RunProgress("verifying"), Lease, clock);
        for (var step = 0; step < 4; step++)
        {
            clock.Advance(Interval);
            await WaitUntilAsync(() => ExpiresOf(leased) == clock.GetUtcNow() + Lease);
        }

        Assert.Equal(RunStatus.Running, runs.Get("acme", leased.Run.RunId).Status);
        await keeper.DisposeAsync().AsTask().WaitAsync(WaitLimit);
        var watched = changes.NextChange(leased.Run.RunId);
        for (var second = 0; second <= Lease.TotalSeconds && !watched.IsCompleted; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        await watched.WaitAsync(WaitLimit);
        await expiry.StopAsync(CancellationToken.None).WaitAsync(WaitLimit);
        var run = runs.Get("acme", leased.Run.RunId);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.StartsWith($"the trainer holding the run ({Trainer}) stopped reporting", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "the run's work folder is deleted");
        var finished = Assert.Single(recorder.Of("neuron.training.runs"));
        Assert.Equal("failed", finished.Tags["status"]);
    }

    [Fact]
    public async Task Start_LeaseLostLater_StopsQuietly()
    {
        var leased = LeaseRun();
        var keeper = LeaseKeeper.Start(runs, changes, leased.Run.RunId, leased.LeaseId, new RunProgress("verifying"), Lease, clock);

        runs.ForceStop("acme", leased.Run.RunId, "stopped by the test");
        clock.Advance(Interval);

        await keeper.DisposeAsync().AsTask().WaitAsync(WaitLimit);
        Assert.Equal(RunStatus.Stopped, runs.Get("acme", leased.Run.RunId).Status);
    }

    [Fact]
    public void Start_LeaseAlreadyLost_FailedPrecondition()
    {
        var leased = LeaseRun();
        runs.ForceStop("acme", leased.Run.RunId, "stopped by the test");

        var ex = Assert.Throws<NeuronException>(() => LeaseKeeper.Start(runs, changes, leased.Run.RunId, leased.LeaseId, new RunProgress("verifying"), Lease, clock));

        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
    }

    [Fact]
    public void Interval_AThirdOfTheLeaseWithAFloor()
    {
        Assert.Equal(Interval, LeaseKeeper.Interval(Lease));
        Assert.Equal(TimeSpan.FromMilliseconds(50), LeaseKeeper.Interval(TimeSpan.FromMilliseconds(10)));
    }

    private LeasedRun LeaseRun()
    {
        runs.Create("acme", new NewRun("home", "Home", "{}", RunRules.DefaultRecipe, 5, 256, 0.001, 1, RunRubric.Default, "home", "alice", null, null, 0));
        return runs.LeaseNext(Trainer, Lease)!;
    }

    private DateTimeOffset? ExpiresOf(LeasedRun leased) => runs.Get("acme", leased.Run.RunId).LeaseExpires;

    // The keeper renews on the thread pool after its timer fires: wait for the effect, not for time.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1500 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "the condition never held");
    }
}
