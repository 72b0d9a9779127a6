using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Training;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Recovery;

/// <summary>
/// What the registry records as existing is on disk first: a registered version's files and an uploaded dataset are
/// synced, with the folders that name them, before the call that recorded them answers. The engine's file sync is
/// wrapped by one that remembers what it synced (and still syncs).
/// </summary>
public sealed class DurablePlacementTests : IAsyncLifetime
{
    private readonly TempDirectory scratch = new("durable-place-src");
    private readonly RecordingFileSync synced = new();
    private OwnEngine? engine;

    private OwnEngine Engine => engine ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() =>
        engine = await OwnEngine.StartAsync("durable-place", [], builder => builder.Services.Replace(ServiceDescriptor.Singleton<IFileSync>(synced)));

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        scratch.Dispose();
    }

    [Fact]
    public async Task RegisterVersion_FilesAndTheFoldersNamingThem_SyncedBeforeTheAnswer()
    {
        using var c = new EngineClients(Engine.Address, "durable");
        var artifact = PlantedModels.Write(scratch.Combine("planted"));

        var version = await ModelUploads.RegisterAsync(c, "recs", PlantedModels.Zip(artifact));

        var models = Path.Combine(Engine.Data.Path, "models");
        var placed = Path.Combine(models, "durable", "recs", version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Directory.Exists(placed), placed);
        foreach (var file in Directory.GetFiles(placed))
        {
            // Synced in staging, before the rename that put them here.
            Assert.Contains(synced.Files, f => Path.GetFileName(f) == Path.GetFileName(file));
        }

        Assert.Contains(Path.Combine(models, "durable", "recs"), synced.Directories);
        Assert.Contains(Path.Combine(models, "durable"), synced.Directories);
        Assert.Contains(models, synced.Directories);
    }

    [Fact]
    public async Task UploadDataset_FileAndItsFolders_SyncedBeforeTheAnswer()
    {
        using var c = new EngineClients(Engine.Address, "durable-ds");

        var dataset = await TrainingSetup.UploadAsync(c, "clicks", TrainingSetup.Line("u1", "i1") + "\n" + TrainingSetup.Line("u2", "i2") + "\n");

        var datasets = Path.Combine(Engine.Data.Path, "datasets");
        var placed = Assert.Single(Directory.GetFiles(Path.Combine(datasets, "durable-ds"), "clicks-*.jsonl"));
        Assert.Equal(2, dataset.Events);
        Assert.Contains(synced.Files, f => Path.GetDirectoryName(f) == Path.GetDirectoryName(placed) && f.EndsWith(".uploading", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(datasets, "durable-ds"), synced.Directories);
        Assert.Contains(datasets, synced.Directories);
    }

    private sealed class RecordingFileSync : IFileSync
    {
        public ConcurrentQueue<string> Files { get; } = new();

        public ConcurrentQueue<string> Directories { get; } = new();

        public void SyncFile(string path)
        {
            FileSync.Instance.SyncFile(path);
            Files.Enqueue(path);
        }

        public void SyncDirectory(string directory)
        {
            FileSync.Instance.SyncDirectory(directory);
            Directories.Enqueue(Path.TrimEndingDirectorySeparator(directory));
        }
    }
}
