using System.Globalization;
using System.IO.Compression;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Testing;

/// <summary>
/// Contract-conforming models whose recommendations are known exactly. Item j (<c>item-0000</c>…) belongs to cluster
/// j mod C and its embedding is the unit vector of that cluster scaled by (1 + j / N). A user whose history lies in
/// one cluster scores that cluster's items by j, highest first, and every other item 0.
/// </summary>
public static class PlantedModels
{
    public static string ItemId(int j) => "item-" + j.ToString("D4", CultureInfo.InvariantCulture);

    public static int ClusterOf(int j, int clusters) => j % clusters;

    /// <summary>Writes the artifact folder; returns it.</summary>
    public static string Write(string directory, int items = 40, int clusters = 4, int historyLength = 50, Dictionary<string, float>? signalWeights = null, float scale = 1f)
    {
        var embeddings = new float[items * clusters];
        for (var j = 0; j < items; j++)
        {
            embeddings[(j * clusters) + ClusterOf(j, clusters)] = scale * (1f + ((float)j / items));
        }

        var graph = PooledHistoryGraph.Build(embeddings, items, clusters);
        var manifest = new ModelManifest
        {
            Recipe = "planted",
            Items = items,
            Dimensions = clusters,
            Serving = new ServingParameters { HistoryLength = historyLength, SignalWeights = signalWeights ?? [] },
            Metrics = new Dictionary<string, double> { ["ndcg@10"] = 0.5 },
        };
        ArtifactWriter.Write(directory, graph, [.. Enumerable.Range(0, items).Select(ItemId)], manifest);
        return directory;
    }

    /// <summary>The items of <paramref name="cluster"/> in recommendation order, leaving out <paramref name="exclude"/>.</summary>
    public static IReadOnlyList<string> Expected(int items, int clusters, int cluster, int count, IEnumerable<string>? exclude = null)
    {
        var skip = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
        return [.. Enumerable.Range(0, items).Where(j => ClusterOf(j, clusters) == cluster).OrderByDescending(j => j)
            .Select(ItemId).Where(id => !skip.Contains(id)).Take(count)];
    }

    /// <summary>Zips an artifact folder the way <c>RegisterVersion</c> takes it.</summary>
    public static byte[] Zip(string directory)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(directory))
            {
                zip.CreateEntryFromFile(file, Path.GetFileName(file));
            }
        }

        return buffer.ToArray();
    }
}
