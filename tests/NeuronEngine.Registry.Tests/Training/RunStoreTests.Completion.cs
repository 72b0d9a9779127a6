using NeuronEngine.Core;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Registry.Tests.Training;

public abstract partial class RunStoreTests
{
    private static readonly Dictionary<string, double> Final = new() { ["ndcg@10"] = 0.31, ["recall@20"] = 0.4 };

    [Fact]
    public void Complete_Succeeded_RegistersPendingVersionWithTheRun()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;
        var placed = new List<int>();

        var done = Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Succeeded, null, Final, """{"seed":42}""", 99), placed.Add);

        Assert.Equal(RunStatus.Succeeded, done.Status);
        Assert.Equal(new VersionRef(new FamilyRef(Tenant, "home"), 1), done.Version);
        Assert.Equal([1], placed);
        Assert.Equal(Final, done.FinalMetrics);
        Assert.Equal("""{"seed":42}""", done.Manifest);
        Assert.Equal("done", done.Progress.Phase);
        var version = registry.Models.GetVersion(Tenant, new FamilyRef(Tenant, "home"), 1);
        Assert.Equal(ModelVersionStatus.Pending, version.Status);
        Assert.Equal(run.VersionName, version.Name);
        Assert.Equal(run.RunId, version.RunId);
        Assert.Equal("home", version.TemplateId);
        Assert.Equal(Final, version.Metrics);
        Assert.Equal(99, version.SizeBytes);
    }

    /// <summary>
    /// SQLite moves the artifact inside the transaction, so a failed move undoes the completion; Redis moves it once
    /// after the commit (an optimistic transaction may run several times), so the run has ended and the version is
    /// registered, its artifact kept in Redis for replicas to place on demand.
    /// </summary>
    [Fact]
    public void Complete_PlaceArtifactThrows_SqliteUndoesItRedisHasCommitted()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;

        Assert.Throws<IOException>(() => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Succeeded, null, Final), _ => throw new IOException("disk full")));

        if (registry.Backend == RegistryBackend.Sqlite)
        {
            Assert.Equal(RunStatus.Running, Store.Get(Tenant, run.RunId).Status);
            Assert.Empty(registry.Models.ListFamilies(Tenant));
            Assert.Equal(RunStatus.EarlyStopped, Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.EarlyStopped, null, Final), _ => { }).Status);
        }
        else
        {
            Assert.Equal(RunStatus.Succeeded, Store.Get(Tenant, run.RunId).Status);
            Assert.Equal(1, Assert.Single(registry.Models.ListFamilies(Tenant)).LatestVersion);
            NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.EarlyStopped, null, Final), _ => { }));
        }
    }

    [Fact]
    public void Complete_WithArtifactId_TheVersionKeepsItOnRedisOnly()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;
        var blob = new string('c', 64);

        NeuronAssert.InvalidArgument("artifact_id", () => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Succeeded, null, Final, ArtifactId: "C0FFEE"), _ => { }));
        Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Succeeded, null, Final, ArtifactId: blob), _ => { });

        // One node has no artifact blobs: the SQLite model store does not keep the id.
        var version = registry.Models.GetVersion(Tenant, new FamilyRef(Tenant, "home"), 1);
        Assert.Equal(registry.Backend == RegistryBackend.Redis ? blob : null, version.ArtifactId);
    }

    [Fact]
    public void Complete_Failed_RecordsErrorAndRegistersNothing()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;

        var done = Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Failed, "out of memory"));

        Assert.Equal(RunStatus.Failed, done.Status);
        Assert.Equal("out of memory", done.Error);
        Assert.Null(done.Version);
        Assert.Empty(registry.Models.ListFamilies(Tenant));
        NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Failed, "again")));
    }

    [Fact]
    public void Complete_NotAFinalStatus_InvalidArgument()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;

        NeuronAssert.InvalidArgument("status", () => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Running)));
        NeuronAssert.InvalidArgument("final_metrics[\"ndcg@10\"]", () => Store.Complete(
            run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Succeeded, null, new Dictionary<string, double> { ["ndcg@10"] = double.PositiveInfinity }), _ => { }));
    }

    [Fact]
    public void Complete_ManifestNotAJsonObjectOrTooManyMetrics_InvalidArgumentAndRunUnchanged()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;
        var many = Enumerable.Range(0, RunStore.MaxMetrics + 1).ToDictionary(i => $"m{i}", i => (double)i);

        NeuronAssert.InvalidArgument("manifest", () => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Failed, "x", null, "{ not json")));
        NeuronAssert.InvalidArgument("manifest", () => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Failed, "x", null, "[1]")));
        NeuronAssert.InvalidArgument("final_metrics", () => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Succeeded, null, many), _ => { }));

        Assert.Equal(RunStatus.Running, Store.Get(Tenant, run.RunId).Status);
    }

    [Fact]
    public void RequestStop_Queued_StoppedAtOnce()
    {
        var run = Queue();

        var stopped = Store.RequestStop(Tenant, run.RunId);

        Assert.Equal(RunStatus.Stopped, stopped.Status);
        Assert.Equal(registry.Clock.GetUtcNow(), stopped.Finished);
        Assert.Null(Store.LeaseNext("t", Lease));
    }

    [Fact]
    public void RequestStop_Running_TrainerHearsItAtRenewal()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;

        var marked = Store.RequestStop(Tenant, run.RunId);

        Assert.Equal(RunStatus.Running, marked.Status);
        Assert.True(marked.StopRequested);
        Assert.True(Store.Renew(run.RunId, lease.LeaseId, null, Lease));
        Assert.Equal(RunStatus.Stopped, Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Stopped)).Status);
    }

    [Fact]
    public void RequestStop_Finished_FailedPreconditionNamingTheStatus()
    {
        var run = Queue();
        Store.RequestStop(Tenant, run.RunId);

        var ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.RequestStop(Tenant, run.RunId));

        Assert.Contains("STOPPED", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForceStop_Running_RevokesTheLease()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;
        Store.RequestStop(Tenant, run.RunId);

        var stopped = Store.ForceStop(Tenant, run.RunId, "the trainer did not confirm");

        Assert.Equal(RunStatus.Stopped, stopped.Status);
        Assert.Equal("the trainer did not confirm", stopped.Error);
        NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Succeeded, null, Final), _ => { }));
        Assert.Empty(registry.Models.ListFamilies(Tenant));
        Assert.Equal(stopped, Store.ForceStop(Tenant, run.RunId, "again") with { EpochResults = stopped.EpochResults, Spec = stopped.Spec, FinalMetrics = stopped.FinalMetrics });
    }
}
