using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Engine.Tests.Cluster.Artifacts;
using NeuronEngine.Engine.Tests.Telemetry;
using NeuronEngine.Engine.Training;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Training;
using NeuronEngine.Testing;
using RunStatus = NeuronEngine.Registry.Training.RunStatus;

namespace NeuronEngine.Engine.Tests.Training;

/// <summary>A run leased on replica B whose datasets were uploaded on replica A (cluster mode; one registry between them).</summary>
public sealed class LeaseDatasetsTests : IDisposable
{
    private const string Tenant = "acme";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TwoReplicas cluster = new();
    private readonly TempDirectory registryDir = new("lease-datasets");
    private readonly MeasurementRecorder recorder = new();
    private readonly RegistryDatabase registry;
    private readonly DatasetStore datasets;
    private readonly RunStore runs;

    public LeaseDatasetsTests()
    {
        registry = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = registryDir.Combine("registry.db") }), NullLogger<RegistryDatabase>.Instance);
        datasets = new DatasetStore(registry, TimeProvider.System);
        runs = new RunStore(registry, new ModelStore(registry, TimeProvider.System), TimeProvider.System);
    }

    public void Dispose()
    {
        recorder.Dispose();
        registry.Dispose();
        registryDir.Dispose();
        cluster.Dispose();
    }

    [Fact]
    public async Task PrepareAsync_DatasetsUploadedOnAnotherReplica_PathsInThisDataDirectory()
    {
        var train = await UploadOnAAsync("train", "u1", "i1");
        await UploadOnAAsync("eval", "u2", "i2");
        var leased = Lease();

        var paths = await OnB().PrepareAsync(leased, CancellationToken.None).WaitAsync(Timeout);

        Assert.NotNull(paths);
        Assert.Equal(cluster.B.Datasets.PathFor(train.Path), paths.Value.Train);
        Assert.StartsWith(cluster.B.DataDir, paths.Value.Eval, StringComparison.Ordinal);
        Assert.True(File.Exists(paths.Value.Train) && File.Exists(paths.Value.Eval));
    }

    [Fact]
    public async Task PrepareAsync_DatasetBlobGone_RunFailedNamingTheDataset()
    {
        var train = await UploadOnAAsync("train", "u1", "i1");
        await UploadOnAAsync("eval", "u2", "i2");
        await cluster.Blobs.DeleteAsync(train.Sha256);
        var leased = Lease();

        var paths = await OnB().PrepareAsync(leased, CancellationToken.None).WaitAsync(Timeout);

        Assert.Null(paths);
        var run = runs.Get(Tenant, leased.Run.RunId);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("dataset \"train\"", run.Error, StringComparison.Ordinal);
        Assert.Contains($"blob {train.Sha256} is not stored", run.Error, StringComparison.Ordinal);
    }

    private LeaseDatasets OnB() =>
        new(datasets, cluster.B.Datasets, runs, new RunChanges(), new TrainingMetrics(recorder.Meters, new TenantLabels(10), TimeProvider.System));

    private LeasedRun Lease()
    {
        runs.Create(Tenant, new NewRun("home", "Home", "{}", RunRules.DefaultRecipe, 5, 256, 0.001, 1, RunRubric.Default, "home", "alice", "train", "eval", 0));
        return runs.LeaseNext("trainer-b", TimeSpan.FromMinutes(1))!;
    }

    private async Task<UploadedDataset> UploadOnAAsync(string id, string user, string item)
    {
        var limits = Options.Create(new LimitsOptions());
        var uploader = new DatasetUploader(datasets, cluster.A.Datasets, new UploadSlots(limits), Options.Create(new TrainingOptions()), limits);
        var line = $$"""{"user_id":"{{user}}","item_id":"{{item}}","type":"click","timestamp":1}""";
        return await uploader.UploadAsync(Tenant, new UploadDatasetHeader { DatasetId = id }, One(Encoding.UTF8.GetBytes(line)), CancellationToken.None).WaitAsync(Timeout);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> One(byte[] bytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return bytes;
    }
}
