using System.IO.Compression;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>Builds and uploads contract models of the catalog's size for setup.</summary>
internal static class SetupModels
{
    /// <summary>
    /// A pooled-history model over items i0…i{n-1} with seeded Gaussian embeddings, zipped the way
    /// RegisterVersion takes it. Different seeds give different rankings, so a swap is visible.
    /// </summary>
    public static byte[] BuildZip(string directory, int items, int dimensions, int seed, ScoringPrecision scoring = ScoringPrecision.Float32)
    {
        var random = new Random(seed);
        var embeddings = new float[items * dimensions];
        for (var i = 0; i < embeddings.Length; i += 2)
        {
            // Box–Muller: two standard normals per two uniforms.
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            embeddings[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < embeddings.Length)
            {
                embeddings[i + 1] = (float)(radius * Math.Sin(angle));
            }
        }

        var graph = PooledHistoryGraph.Build(embeddings, items, dimensions, scoring: scoring);
        var manifest = new ModelManifest
        {
            Recipe = "loadtest-random",
            Items = items,
            Dimensions = dimensions,
            Scoring = ScoringPrecisions.Name(scoring),
            Created = DateTimeOffset.UtcNow,
            Metrics = new Dictionary<string, double> { ["ndcg@10"] = 0 },
        };
        ArtifactWriter.Write(directory, graph, [.. Enumerable.Range(0, items).Select(Zipf.Item)], manifest);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(directory))
            {
                zip.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Fastest);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Registers the zip through the client SDK (streamed in chunks).</summary>
    public static async Task<ModelVersion> RegisterAsync(NeuronClient client, string family, byte[] zip, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(zip, writable: false);
        return await client.Models.RegisterVersionAsync(new RegisterVersionHeader { Family = family, Label = "loadtest" }, content, TimeSpan.FromMinutes(10), cancellationToken);
    }
}
