using System.IO.Compression;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Services;

/// <summary>What RegisterVersion does with the archive itself: its entries, its unpacked size, its staging folder, and what its errors reveal.</summary>
public sealed class ArtifactUploadTests(EngineFixture engine) : IClassFixture<EngineFixture>, IDisposable
{
    private readonly TempDirectory scratch = new("uploads");

    private string Planted(string name) => PlantedModels.Write(scratch.Combine(name));

    /// <summary>A zip of <paramref name="entries"/> (name, content), in order, duplicates allowed.</summary>
    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static (string, byte[])[] Files(string artifact) =>
        [.. Directory.GetFiles(artifact).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];

    [Fact]
    public async Task RegisterVersion_EntryTwice_InvalidArgumentNamingIt()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var files = Files(Planted("twice"));
        var zip = Zip([.. files, ("items.txt", Encoding.UTF8.GetBytes("other\n"))]);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => ModelUploads.RegisterAsync(c, "recs", zip), "\"items.txt\" more than once");
        Assert.DoesNotContain((await c.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within()).Families, f => f.Family_ == "recs");
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("../model.onnx")]
    [InlineData("a/model.onnx")]
    [InlineData("/model.onnx")]
    public async Task RegisterVersion_EntryOutsideTheRoot_Refused(string name)
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var zip = Zip([.. Files(Planted("outside")), (name, Encoding.UTF8.GetBytes("escape"))]);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => ModelUploads.RegisterAsync(c, "recs", zip), $"holds \"{name}\"");
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(engine.DataDir, "models", ".staging", "x"))));
        Assert.False(File.Exists(Path.Combine(engine.DataDir, "models", "x")));
    }

    [Theory]
    [InlineData(false, "the first message must carry the header")]
    [InlineData(true, "only the first message may carry the header")]
    public async Task RegisterVersion_HeaderMissingOrRepeated_InvalidArgumentAndNothingStaged(bool headerFirst, string rule)
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var header = new RegisterVersionRequest { Header = new RegisterVersionHeader { Family = "recs" } };
        var chunk = new RegisterVersionRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(PlantedModels.Zip(Planted("framed"))) };

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, async () =>
        {
            using var call = c.Models.RegisterVersion();
            await RpcAssert.SendAllAsync(call, headerFirst ? new[] { header, chunk, header } : [chunk, header]);
        }, rule);

        Assert.DoesNotContain((await c.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within()).Families, f => f.Family_ == "recs");
    }

    [Fact]
    public async Task RegisterVersion_ModelOnnxRuntimeRefuses_DetailHidesServerPaths()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        // Readable, allowed operators, but adds an int64 to a float: only ONNX Runtime's own type check refuses it.
        var artifact = Planted("garbage");
        var b = new OnnxGraphBuilder();
        var items = b.AddInput(ModelContract.HistoryItems, OnnxElementType.Int64, "batch", "history");
        var weights = b.AddInput(ModelContract.HistoryWeights, OnnxElementType.Float, "batch", "history");
        b.AddOutput(b.Add(items, weights, ModelContract.TopScores), OnnxElementType.Float, "batch", "history");
        b.Save(Path.Combine(artifact, ModelContract.ModelFile));

        var ex = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => ModelUploads.RegisterAsync(c, "recs", PlantedModels.Zip(artifact)), "the artifact breaks the model contract", "ONNX Runtime cannot load it", "<artifact>");
        Assert.DoesNotContain(engine.DataDir, ex.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(".staging", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterVersion_ArchiveUnpacksPastMaxArtifactBytes_InvalidArgumentAndNothingLeft()
    {
        using var data = new TempDirectory("small-limit");
        await using var small = await SmallEngine.StartAsync(data, 1024 * 1024);
        using var c = new EngineClients(small.Address, EngineFixture.NewTenant());

        // 8 MiB of zeros deflate to a few KiB: the upload is well under the limit, its contents are not.
        var files = Files(Planted("bomb")).Where(f => f.Item1 != "model.onnx");
        var bomb = Zip([.. files, ("model.onnx", new byte[8 * 1024 * 1024])]);
        Assert.True(bomb.Length < 1024 * 1024);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => ModelUploads.RegisterAsync(c, "recs", bomb), "unpacks to more than 1048576 bytes (Engine:MaxArtifactBytes)");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(data.Path, "models", ".staging")));

        // The limit counts what is unpacked, not more: an ordinary artifact still fits.
        Assert.Equal(1, (await ModelUploads.RegisterAsync(c, "recs", PlantedModels.Zip(Planted("fits")))).Version);
    }

    [Fact]
    public async Task Start_StagingLeftovers_Deleted()
    {
        using var data = new TempDirectory("leftovers");
        var staging = Directory.CreateDirectory(Path.Combine(data.Path, "models", ".staging", "0123abcd")).FullName;
        await File.WriteAllTextAsync(Path.Combine(staging, "model.onnx"), "half an upload");
        await File.WriteAllTextAsync(staging + ".zip", "half a zip");

        await using var restarted = await SmallEngine.StartAsync(data, 1024 * 1024);

        Assert.False(Directory.Exists(staging));
        Assert.False(File.Exists(staging + ".zip"));
    }

    public void Dispose() => scratch.Dispose();

    /// <summary>An engine of its own, for settings and data directories the shared fixture cannot have.</summary>
    private sealed class SmallEngine(WebApplication app, string address) : IAsyncDisposable
    {
        public string Address { get; } = address;

        public static async Task<SmallEngine> StartAsync(TempDirectory data, long maxArtifactBytes)
        {
            var app = EngineHost.Build(
                ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--Engine:MaxArtifactBytes", maxArtifactBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return new SmallEngine(app, EngineHost.GetAddresses(app).Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await app.DisposeAsync();
        }
    }
}
