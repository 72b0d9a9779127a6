using System.Buffers.Binary;
using System.IO.Compression;
using CsCheck;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.Engine.Tests.Serving;

/// <summary>
/// Uploads of random bytes, damaged artifact zips, zip-slip names and lying sizes: staging either yields a folder
/// holding only contract files within the size limit, or throws InvalidArgument (field <c>chunk</c>) and leaves the
/// staging area empty; nothing is ever written outside the staging folder.
/// </summary>
public sealed class ArtifactStorePropertyTests(ITestOutputHelper output) : IDisposable
{
    private const long Limit = 64 * 1024;

    private static readonly string[] ContractNames = ["model.onnx", "items.txt", "manifest.json"];

    private static readonly Gen<string> EntryName = Gen.Frequency(
        (6, Gen.OneOf(ContractNames.Select(Gen.Const).ToArray())),
        (1, Gen.OneOf(
            Gen.Const("../model.onnx"), Gen.Const("../../x"), Gen.Const("/tmp/x"), Gen.Const("a/../../x"), Gen.Const("..\\x"), Gen.Const("dir/items.txt"),
            Gen.Const("dir/"), Gen.Const(""), Gen.Const("./items.txt"), Gen.Const("items.txt/"), Gen.Const("C:\\x"))),
        (1, Gen.Char.Array[0, 12].Select(c => new string(c))));

    private static readonly Gen<byte[]> Content = Gen.Frequency(
        (4, Gen.Byte.Array[0, 64]),
        (1, Gen.Int[(int)Limit - 16, (int)Limit + 16].Select(n => new byte[n])));

    private static readonly Gen<byte[]> CraftedZip = Gen.Select(EntryName, Content, Gen.Bool).Array[0, 4].Select(entries =>
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // ZipArchive will not write an empty name; the byte mutations reach that case instead.
            foreach (var (name, content, stored) in entries.Where(e => e.Item1.Length > 0))
            {
                using var stream = zip.CreateEntry(name, stored ? CompressionLevel.NoCompression : CompressionLevel.Fastest).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    });

    private readonly TempDirectory dir = new("artifact-stage");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void StageAsync_HostileUploads_StagedWithinTheRulesOrInvalidArgumentAndNothingLeft()
    {
        var planted = PlantedModels.Zip(PlantedModels.Write(dir.Combine("planted"), items: 8, clusters: 2));
        var data = dir.Combine("data");
        var store = new ArtifactStore(Options.Create(new EngineOptions { DataDir = data, MaxArtifactBytes = Limit }), FileSync.Instance);
        var uploads = Gen.Frequency(
            (4, Properties.Mutations(planted)),
            (3, CraftedZip),
            (2, CraftedZip.SelectMany(z => Properties.Mutations(z))),
            (2, Gen.Select(CraftedZip, Gen.UInt, LieAboutSizes)),
            (1, Gen.Byte.Array[0, 300]));
        var chunked = Gen.Select(uploads, Gen.Int[1, 4096].Array[1, 8]);
        Properties.Run("artifact-staging", chunked, upload => Stage(store, data, upload.Item1, upload.Item2), 1500, output);
    }

    private static void Stage(ArtifactStore store, string data, byte[] upload, int[] chunkSizes)
    {
        try
        {
            var (staging, bytes) = store.StageAsync(Chunks(upload, chunkSizes), CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal(upload.Length, bytes);
            Assert.Equal(Path.Combine(store.Root, ".staging"), Path.GetDirectoryName(staging));
            Assert.Empty(Directory.GetDirectories(staging));
            var files = Directory.GetFiles(staging);
            Assert.All(files, f => Assert.Contains(Path.GetFileName(f), ContractNames));
            Assert.InRange(files.Sum(f => new FileInfo(f).Length), 0, Limit);
            ArtifactStore.Discard(staging);
        }
        catch (NeuronException ex) when (ex.Kind == ErrorKind.InvalidArgument && ex.Field == "chunk")
        {
        }

        // Whatever happened, nothing is left behind and nothing landed outside the staging folder.
        Assert.Equal([Path.Combine(store.Root, ".staging")], Directory.GetFileSystemEntries(data, "*", SearchOption.AllDirectories).Where(p => p != store.Root));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(store.Root, ".staging")));
        Assert.Equal([data, Path.Combine(Path.GetDirectoryName(data)!, "planted")], Directory.GetDirectories(Path.GetDirectoryName(data)!).Order());
    }

    /// <summary>Rewrites every entry's declared sizes in the central directory and local headers (a zip bomb lies about them).</summary>
    private static byte[] LieAboutSizes(byte[] zip, uint size)
    {
        var bytes = (byte[])zip.Clone();
        for (var i = 0; i + 46 <= bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x02014b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), size);
            }
            else if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), size);
            }
        }

        return bytes;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] upload, int[] sizes)
    {
        var at = 0;
        for (var i = 0; at < upload.Length; i++)
        {
            var size = Math.Min(sizes[i % sizes.Length], upload.Length - at);
            yield return upload.AsMemory(at, size);
            at += size;
            await Task.Yield();
        }
    }
}
