using NeuronEngine.Core;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Registry.Tests.Training;

public abstract partial class RunStoreTests
{
    [Fact]
    public void Create_FamilyFullWithQueuedRuns_ResourceExhaustedCountingTheRuns()
    {
        registry.Limits.VersionsPerFamily = new CountLimit("Limits:MaxVersionsPerFamily", 2);
        registry.Models.RegisterVersion(Tenant, "home", new VersionRegistration(), _ => { });
        Queue();

        var ex = NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => Store.Create(Tenant, NewRun()));

        Assert.Contains("Limits:MaxVersionsPerFamily (2) reached", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 queued or running run(s)", ex.Message, StringComparison.Ordinal);
        Assert.Single(Store.List(Tenant).Items);
        Store.Create(Tenant, NewRun(family: "other"));
    }

    [Fact]
    public void Complete_RunThatStartedWithinTheLimit_RegistersItsVersion()
    {
        registry.Limits.VersionsPerFamily = new CountLimit("Limits:MaxVersionsPerFamily", 1);
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;

        // The queued run holds the family's one place: another registration is refused, the run's own is not.
        NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => registry.Models.RegisterVersion(Tenant, "home", new VersionRegistration(), _ => { }));
        var done = Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Succeeded, null, new Dictionary<string, double>()), _ => { });

        Assert.Equal(1, done.Version?.Version);
    }

    [Fact]
    public void Complete_LimitLoweredWhileTheRunTrained_RefusedAndTheRunStaysRunning()
    {
        registry.Limits.VersionsPerFamily = new CountLimit("Limits:MaxVersionsPerFamily", 2);
        registry.Models.RegisterVersion(Tenant, "home", new VersionRegistration(), _ => { });
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;
        registry.Limits.VersionsPerFamily = new CountLimit("Limits:MaxVersionsPerFamily", 1);

        NeuronAssert.Throws(ErrorKind.ResourceExhausted,
            () => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Succeeded, null, new Dictionary<string, double>()), _ => { }));

        Assert.Equal(RunStatus.Running, Store.Get(Tenant, run.RunId).Status);
    }
}
