using System.Text;
using System.Text.Json;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Tests.Contract;

public sealed class ModelManifestTests
{
    private static ModelManifest RoundTrip(ModelManifest manifest) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(manifest, ModelJsonContext.Default.ModelManifest), ModelJsonContext.Default.ModelManifest)!;

    [Fact]
    public void Serialize_FullManifest_RoundTripsEveryField()
    {
        using var run = JsonDocument.Parse("""{ "template": "home", "seeds": [1, 2], "window": { "days": 30 } }""");
        var manifest = new ModelManifest
        {
            Recipe = "pooled-history",
            Items = 1200,
            Dimensions = 64,
            Serving = new ServingParameters { HistoryLength = 80, RecencyHalfLifeHours = 72.5, SignalWeights = new() { ["view"] = 1f, ["purchase"] = 4.5f } },
            Created = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)),
            CodeVersion = "abc123",
            Run = run.RootElement.Clone(),
            Metrics = new() { ["ndcg@10"] = 0.25, ["recall@20"] = 0.5 },
        };

        var back = RoundTrip(manifest);

        Assert.Equal((1, "pooled-history", 1200, 64, "abc123"), (back.ContractVersion, back.Recipe, back.Items, back.Dimensions, back.CodeVersion));
        Assert.Equal(manifest.Created, back.Created);
        Assert.Equal((80, 72.5), (back.Serving.HistoryLength, back.Serving.RecencyHalfLifeHours));
        Assert.Equal(manifest.Serving.SignalWeights, back.Serving.SignalWeights);
        Assert.Equal(manifest.Metrics, back.Metrics);
        Assert.Equal(30, back.Run!.Value.GetProperty("window").GetProperty("days").GetInt32());
    }

    [Fact]
    public void Serialize_UsesTheContractsFieldNamesAndLeavesOutNulls()
    {
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new ModelManifest { Items = 3, Dimensions = 2 }, ModelJsonContext.Default.ModelManifest));
        foreach (var name in new[] { "contract_version", "recipe", "items", "dimensions", "serving", "history_length", "recency_half_life_hours", "signal_weights", "metrics" })
        {
            Assert.Contains($"\"{name}\"", json, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\"created\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"run\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_OnlyRequiredFields_KeepsDefaults()
    {
        var manifest = JsonSerializer.Deserialize("""{ "contract_version": 1, "items": 5, "dimensions": 2 }""", ModelJsonContext.Default.ModelManifest)!;
        Assert.Equal(("external", 50, 0.0), (manifest.Recipe, manifest.Serving.HistoryLength, manifest.Serving.RecencyHalfLifeHours));
        Assert.Empty(manifest.Serving.SignalWeights);
        Assert.Empty(manifest.Metrics);
    }

    [Fact]
    public void Deserialize_NoContractVersion_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{ "items": 5, "dimensions": 2 }""", ModelJsonContext.Default.ModelManifest));
    }
}
