using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Training;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Training;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Training;

public sealed class DatasetUploaderTests : IDisposable
{
    private const string Line = """{"user_id":"u1","item_id":"i1","type":"click","timestamp":1}""";
    private readonly TempDirectory dir = new("dataset-upload");
    private readonly RegistryDatabase registry;
    private readonly DatasetStore store;
    private readonly UploadSlots slots;
    private readonly DatasetUploader uploader;
    private readonly DatasetFiles files;

    public DatasetUploaderTests()
    {
        registry = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = dir.Combine("registry.db") }), NullLogger<RegistryDatabase>.Instance);
        store = new DatasetStore(registry, TimeProvider.System);
        var limits = Options.Create(new LimitsOptions { MaxDatasetLineBytes = 1024, MaxConcurrentUploadsPerTenant = 1 });
        slots = new UploadSlots(limits);
        files = new DatasetFiles(Options.Create(new EngineOptions { DataDir = dir.Path }), FileSync.Instance);
        uploader = new DatasetUploader(
            store, files, slots,
            Options.Create(new TrainingOptions { MaxDatasetBytes = 1 << 20 }), limits);
    }

    public void Dispose()
    {
        registry.Dispose();
        dir.Dispose();
    }

    [Fact]
    public async Task UploadAsync_LinePastMaxDatasetLineBytes_InvalidArgumentNamingTheLineAndNothingKept()
    {
        // The long line is the fourth as the parser counts breaks (\n, \r\n, a lone \r), split across chunks.
        var text = $"{Line}\r\n{Line}\r{Line}\n{new string(' ', 1025)}{Line}\n";

        var ex = await Assert.ThrowsAsync<NeuronException>(() => uploader.UploadAsync("acme", Header(), Chunks(text, 100), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("line 4", ex.Field);
        Assert.Contains("Limits:MaxDatasetLineBytes (1024 bytes)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(store.List("acme"));
        Assert.Empty(Directory.GetFiles(dir.Combine("datasets"), "*", SearchOption.AllDirectories));
        Assert.Equal(0, slots.InFlight);
    }

    [Fact]
    public async Task UploadAsync_LinesUpToTheLimit_Stored()
    {
        var exactly = Line + new string(' ', 1024 - Line.Length);

        var dataset = await uploader.UploadAsync("acme", Header(), Chunks($"{exactly}\r\n{Line}", 7), CancellationToken.None);

        Assert.Equal(2, dataset.Events);
        Assert.Equal(0, slots.InFlight);
    }

    [Fact]
    public async Task DatasetAdministration_DeleteAsync_RemovesTheRecordAndTheFile_ThenNotFound()
    {
        var dataset = await uploader.UploadAsync("acme", Header(), Chunks(Line, 10), CancellationToken.None);
        Assert.True(File.Exists(files.PathFor(dataset.Path)));
        var administration = new DatasetAdministration(store, files);

        var deleted = await administration.DeleteAsync("acme", "train");

        Assert.Equal(dataset.Path, deleted.Path);
        Assert.Empty(store.List("acme"));
        Assert.False(File.Exists(files.PathFor(dataset.Path)));
        var again = await Assert.ThrowsAsync<NeuronException>(() => administration.DeleteAsync("acme", "train"));
        Assert.Equal(ErrorKind.NotFound, again.Kind);
    }

    [Fact]
    public async Task UploadAsync_WhileTheTenantsSlotIsTaken_ResourceExhaustedBeforeReadingAByte()
    {
        using (slots.Take("acme"))
        {
            var read = false;
            var ex = await Assert.ThrowsAsync<NeuronException>(() => uploader.UploadAsync("acme", Header(), Watched(() => read = true), CancellationToken.None));

            Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
            Assert.Contains("Limits:MaxConcurrentUploadsPerTenant (1)", ex.Message, StringComparison.Ordinal);
            Assert.False(read);
        }

        await uploader.UploadAsync("acme", Header(), Chunks(Line, 10), CancellationToken.None);
    }

    private static UploadDatasetHeader Header() => new() { DatasetId = "train" };

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(string text, int size)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var at = 0; at < bytes.Length; at += size)
        {
            await Task.Yield();
            yield return bytes.AsMemory(at, Math.Min(size, bytes.Length - at));
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Watched(Action onRead, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        onRead();
        yield return Encoding.UTF8.GetBytes(Line);
    }
}
