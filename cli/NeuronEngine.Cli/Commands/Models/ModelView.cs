using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Models;

/// <summary>How model versions, endpoints and promotions print in table mode.</summary>
internal static class ModelView
{
    /// <summary>The metrics people judge a version by, first in every listing.</summary>
    private static readonly string[] KeyMetrics = ["ndcg@10", "recall@20", "hit@10"];

    public static string Version(string family, int version) => $"{family} v{version.ToString(CultureInfo.InvariantCulture)}";

    public static string Status(VersionStatus status) => status switch
    {
        VersionStatus.Pending => "pending",
        VersionStatus.Approved => "approved",
        _ => "",
    };

    public static string Status(EndpointStatus status) => status switch
    {
        EndpointStatus.None => "none",
        EndpointStatus.InService => "in service",
        EndpointStatus.Updating => "updating",
        EndpointStatus.Failed => "failed",
        _ => "",
    };

    public static string Time(Timestamp? at) => at is null ? "" : at.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture);

    /// <summary>The key metrics (or the first few) as <c>ndcg@10=0.412 recall@20=0.55</c>.</summary>
    public static string Metrics(IDictionary<string, double> metrics, int max = 3) =>
        string.Join(" ", metrics.OrderBy(m => Array.IndexOf(KeyMetrics, m.Key) is var i && i < 0 ? int.MaxValue : i).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Take(max).Select(m => $"{m.Key}={m.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));

    /// <summary>The labels kept in a version's label field, comma-separated.</summary>
    public static List<string> Labels(string label) =>
        [.. label.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>What the manifest says about how the model was made, as field/value pairs; nothing when it is not JSON.</summary>
    public static IEnumerable<(string Field, string Value)> ManifestSummary(string manifest)
    {
        if (manifest.Length == 0)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(manifest);
            return Summarize(document.RootElement).ToList();
        }
        catch (JsonException)
        {
            return [("manifest", "(not JSON)")];
        }
    }

    private static IEnumerable<(string, string)> Summarize(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var (field, path) in new[] { ("recipe", "recipe"), ("items", "items"), ("dimensions", "dimensions"), ("code version", "code_version") })
        {
            if (root.TryGetProperty(path, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                yield return (field, value.ToString());
            }
        }

        if (!root.TryGetProperty("run", out var run) || run.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        if (run.TryGetProperty("template", out var template) && template.TryGetProperty("id", out var templateId))
        {
            yield return ("template", templateId.ToString());
        }

        if (run.TryGetProperty("epochs", out var epochs) && epochs.ValueKind == JsonValueKind.Array)
        {
            var best = run.TryGetProperty("best_epoch", out var b) ? $", best {b}" : "";
            var stopped = run.TryGetProperty("early_stopped", out var s) && s.ValueKind == JsonValueKind.True ? ", stopped early" : "";
            yield return ("epochs", $"{epochs.GetArrayLength().ToString(CultureInfo.InvariantCulture)}{best}{stopped}");
        }

        if (run.TryGetProperty("gates", out var gates) && gates.ValueKind == JsonValueKind.Array)
        {
            yield return ("gates", string.Join(", ", gates.EnumerateArray().Select(g =>
                $"{(g.TryGetProperty("name", out var n) ? n.ToString() : "?")} {(g.TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.True ? "passed" : "failed")}")));
        }
    }
}
