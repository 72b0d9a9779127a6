using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Training;
using NeuronEngine.Engine.Training;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Training;

/// <summary>The engine renewing a lease while it completes the run, against a real registry and a clock the test moves.</summary>
public sealed class LeaseKeeperTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
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
    public async Task Start_HeldLease_RenewedAtOnceAndUntilDisposed()
    {
        var leased = Lease1();
        var watched = changes.NextChange(leased.Run.RunId);
        clock.Advance(TimeSpan.FromSeconds(14));

        var keeper = LeaseKeeper.Start(runs, changes, leased.Run.RunId, leased.LeaseId, new RunProgress("verifying", 2), TimeSpan.FromMilliseconds(150), clock);
        Assert.True(watched.IsCompleted, "watchers hear the phase change");
        var first = runs.Get("acme", leased.Run.RunId);
        Assert.Equal(("verifying", 2), (first.Progress.Phase, first.Progress.Epoch));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMilliseconds(150), first.LeaseExpires);

        // Steps shorter than the lease, past its first expiry in all: only the keeper's renewals can still hold it.
        for (var step = 0; step < 5; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await WaitUntilAsync(() => runs.Get("acme", leased.Run.RunId).LeaseExpires == clock.GetUtcNow() + TimeSpan.FromMilliseconds(150));
        }

        await keeper.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(runs.ExpireLeases());
        clock.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(500);
        Assert.Equal(RunStatus.Failed, Assert.Single(runs.ExpireLeases()).Status);
    }

    [Fact]
    public async Task Start_LeaseLostLater_StopsQuietly()
    {
        var leased = Lease1();
        var keeper = LeaseKeeper.Start(runs, changes, leased.Run.RunId, leased.LeaseId, new RunProgress("verifying"), TimeSpan.FromMilliseconds(150), clock);

        runs.ForceStop("acme", leased.Run.RunId, "stopped by the test");
        await Task.Delay(300);

        await keeper.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.Stopped, runs.Get("acme", leased.Run.RunId).Status);
    }

    [Fact]
    public void Start_LeaseAlreadyLost_FailedPrecondition()
    {
        var leased = Lease1();
        runs.ForceStop("acme", leased.Run.RunId, "stopped by the test");

        var ex = Assert.Throws<NeuronException>(() => LeaseKeeper.Start(runs, changes, leased.Run.RunId, leased.LeaseId, new RunProgress("verifying"), Lease, clock));

        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
    }

    [Fact]
    public void Interval_AThirdOfTheLeaseWithAFloor()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), LeaseKeeper.Interval(Lease));
        Assert.Equal(TimeSpan.FromMilliseconds(50), LeaseKeeper.Interval(TimeSpan.FromMilliseconds(10)));
    }

    private LeasedRun Lease1()
    {
        runs.Create("acme", new NewRun("home", "Home", "{}", RunRules.DefaultRecipe, 5, 256, 0.001, 1, RunRubric.Default, "home", "alice", null, null, 0));
        return runs.LeaseNext("trainer-1", Lease)!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "the condition never held");
    }
}
