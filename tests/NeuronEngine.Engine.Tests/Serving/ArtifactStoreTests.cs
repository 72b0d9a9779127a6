using System.IO.Compression;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Models.Contract;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Serving;

public sealed class ArtifactStoreTests : IDisposable
{
    private readonly TempDirectory dir = new("artifact-store");

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task StageAsync_ManifestPastMaxManifestBytes_InvalidArgumentNamingTheLimitAndNothingLeft()
    {
        var store = new ArtifactStore(Options.Create(new EngineOptions { DataDir = dir.Combine("data") }), FileSync.Instance,
            Options.Create(new LimitsOptions { MaxManifestBytes = 1024 }));
        var upload = Zip((ModelContract.ModelFile, 10), (ModelContract.VocabularyFile, 10), (ModelContract.ManifestFile, 1025));

        var ex = await Assert.ThrowsAsync<NeuronException>(() => store.StageAsync(One(upload), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("artifact", ex.Field);
        Assert.Contains("manifest.json is 1025 bytes, more than Limits:MaxManifestBytes (1024)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(store.Root, ".staging")));
    }

    [Fact]
    public async Task StageAsync_ManifestAtTheLimit_Staged()
    {
        var store = new ArtifactStore(Options.Create(new EngineOptions { DataDir = dir.Combine("data") }), FileSync.Instance,
            Options.Create(new LimitsOptions { MaxManifestBytes = 1024 }));

        var (staging, _) = await store.StageAsync(One(Zip((ModelContract.ManifestFile, 1024))), CancellationToken.None);

        Assert.Null(store.ManifestTooLarge(staging));
        ArtifactStore.Discard(staging);
    }

    private static byte[] Zip(params (string Name, int Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(new byte[bytes]);
            }
        }

        return buffer.ToArray();
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> One(byte[] bytes)
    {
        await Task.Yield();
        yield return bytes;
    }
}
