using System.Text.Json;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Tests.Hosting;

public sealed class ModelLoaderTests : IDisposable
{
    private readonly TempDirectory dir = new("loader");

    private string Planted() => PlantedModels.Write(dir.Combine("artifact"));

    private static NeuronException Rejected(string artifact)
    {
        var ex = Assert.Throws<NeuronException>(() => ModelTestHost.Loader().Check(artifact));
        Assert.Equal((ErrorKind.InvalidArgument, "artifact"), (ex.Kind, ex.Field));
        Assert.StartsWith("the artifact breaks the model contract: ", ex.Rule, StringComparison.Ordinal);
        return ex;
    }

    [Fact]
    public void Check_PlantedArtifact_ReturnsManifest()
    {
        var manifest = ModelTestHost.Loader().Check(Planted());
        Assert.Equal((40, 4, "planted"), (manifest.Items, manifest.Dimensions, manifest.Recipe));
    }

    [Theory]
    [InlineData(ModelContract.ModelFile, "model.onnx is missing")]
    [InlineData(ModelContract.VocabularyFile, "items.txt is missing")]
    [InlineData(ModelContract.ManifestFile, "manifest.json is missing")]
    public void Check_FileMissing_NamesIt(string file, string message)
    {
        var artifact = Planted();
        File.Delete(Path.Combine(artifact, file));
        Assert.Contains(message, Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ModelIsRandomBytes_RefusedBeforeOnnxRuntimeSeesIt()
    {
        var artifact = Planted();
        File.WriteAllBytes(Path.Combine(artifact, ModelContract.ModelFile), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 251))]);
        var message = Rejected(artifact).Message;
        Assert.Matches("model.onnx: (model: )?not a (usable ONNX model|readable ONNX file)", message);
        Assert.DoesNotContain("ONNX Runtime", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ModelTruncated_OnnxRuntimeRefusal()
    {
        var artifact = Planted();
        var path = Path.Combine(artifact, ModelContract.ModelFile);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Contains("model.onnx", Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ManifestNotJson_Says()
    {
        var artifact = Planted();
        File.WriteAllText(Path.Combine(artifact, ModelContract.ManifestFile), "{not json");
        Assert.Contains("manifest.json is not a valid manifest", Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FutureContractVersion_Says()
    {
        var artifact = Planted();
        RewriteManifest(artifact, m => m with { ContractVersion = 3 });
        Assert.Contains("contract_version 3 is not served by this engine", Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_VocabularyLongerThanItemTable_NamesBothCounts()
    {
        var artifact = Planted();
        File.AppendAllLines(Path.Combine(artifact, ModelContract.VocabularyFile), ["extra-item"]);
        var message = Rejected(artifact).Message;
        Assert.Contains("item_embeddings has 40 rows but items.txt has 41 items", message, StringComparison.Ordinal);
        Assert.Contains("items is 40 but items.txt has 41 lines", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_VocabularyRepeatsAnItem_NamesLines()
    {
        var artifact = Planted();
        var path = Path.Combine(artifact, ModelContract.VocabularyFile);
        var lines = File.ReadAllLines(path);
        lines[5] = lines[2];
        File.WriteAllLines(path, lines);
        Assert.Contains("items.txt line 6: item id \"item-0002\" repeats line 3", Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ManifestDimensionsDisagree_Says()
    {
        var artifact = Planted();
        RewriteManifest(artifact, m => m with { Dimensions = 16 });
        Assert.Contains("item_embeddings has 4 columns but manifest.json says dimensions 16", Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_InputWithWrongTypeAndMissingOutput_ReportsEveryProblem()
    {
        var artifact = Planted();
        var b = new OnnxGraphBuilder();
        var items = b.AddInput(ModelContract.HistoryItems, OnnxElementType.Float, "batch", "history");
        b.AddInput(ModelContract.HistoryWeights, OnnxElementType.Float, "batch", "history");
        b.AddInput(ModelContract.K, OnnxElementType.Int64, 1);
        b.AddInput(ModelContract.ExcludeBias, OnnxElementType.Float, 40);
        b.AddInitializer(ModelContract.ItemEmbeddings, new float[160], [40, 4]);
        b.AddOutput(b.Abs(items, ModelContract.TopScores), OnnxElementType.Float, "batch", "history");
        b.Save(Path.Combine(artifact, ModelContract.ModelFile));

        var message = Rejected(artifact).Message;
        Assert.Contains("input history_items must be a Int64 tensor, not Float", message, StringComparison.Ordinal);
        Assert.Contains("output top_indices is missing", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoItemTable_Says()
    {
        var artifact = Planted();
        var b = new OnnxGraphBuilder();
        var table = b.AddInitializer("other_table", new float[160], [40, 4]);
        var history = b.AddInput(ModelContract.HistoryItems, OnnxElementType.Int64, "batch", "history");
        b.AddInput(ModelContract.HistoryWeights, OnnxElementType.Float, "batch", "history");
        var k = b.AddInput(ModelContract.K, OnnxElementType.Int64, 1);
        var exclude = b.AddInput(ModelContract.ExcludeBias, OnnxElementType.Float, 40);
        var user = b.ReduceSum(b.Gather(table, history), [1], keepDims: false);
        var (values, indices) = b.TopK(b.Add(b.Gemm(user, table, transB: true), exclude), k, values: ModelContract.TopScores, indices: ModelContract.TopIndices);
        b.AddOutput(values, OnnxElementType.Float, "batch", "k");
        b.AddOutput(indices, OnnxElementType.Int64, "batch", "k");
        b.Save(Path.Combine(artifact, ModelContract.ModelFile));

        Assert.Contains("has no initializer item_embeddings", Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"serving\": null", "serving must be an object, not null")]
    [InlineData("\"metrics\": null", "metrics must be an object, not null")]
    [InlineData("\"recipe\": null", "recipe must be a non-empty string")]
    [InlineData("\"dimensions\": 0", "dimensions must be at least 1 (got 0)")]
    [InlineData("\"serving\": { \"signal_weights\": null }", "serving.signal_weights must be an object, not null")]
    [InlineData("\"serving\": { \"signal_weights\": { \"view\": -1 } }", "serving.signal_weights.view must be a finite number > 0 (got -1)")]
    [InlineData("\"serving\": { \"signal_weights\": { \"view\": 0 } }", "serving.signal_weights.view must be a finite number > 0 (got 0)")]
    [InlineData("\"serving\": { \"signal_weights\": { \"\": 1 } }", "serving.signal_weights has an empty event type")]
    [InlineData("\"serving\": { \"recency_half_life_hours\": -2 }", "serving.recency_half_life_hours must be a finite number ≥ 0 (got -2)")]
    [InlineData("\"serving\": { \"history_length\": 0 }", "serving.history_length must be 1-1000 (got 0)")]
    public void Check_ManifestFieldNullOrOutOfRange_NamesIt(string field, string message)
    {
        var artifact = Planted();
        WriteManifest(artifact, $"{{ \"contract_version\": 1, \"items\": 40, \"dimensions\": 4, {field} }}");
        Assert.Contains(message, Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"recency_half_life_hours\": 1e999")]
    [InlineData("\"recency_half_life_hours\": \"NaN\"")]
    [InlineData("\"signal_weights\": { \"view\": \"NaN\" }")]
    [InlineData("\"signal_weights\": { \"view\": 1e999 }")]
    public void Check_ManifestNumberNotFinite_Rejected(string serving)
    {
        var artifact = Planted();
        WriteManifest(artifact, $"{{ \"contract_version\": 1, \"items\": 40, \"dimensions\": 4, \"serving\": {{ {serving} }} }}");
        Assert.Contains("manifest.json", Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ManifestWithoutContractVersion_RejectedNotDefaulted()
    {
        var artifact = Planted();
        WriteManifest(artifact, "{ \"items\": 40, \"dimensions\": 4 }");
        Assert.Contains("contract_version", Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ManifestWithOnlyRequiredFields_Accepted()
    {
        var artifact = Planted();
        WriteManifest(artifact, "{ \"contract_version\": 1, \"items\": 40, \"dimensions\": 4 }");
        var manifest = ModelTestHost.Loader().Check(artifact);
        Assert.Equal((50, 0, "external"), (manifest.Serving.HistoryLength, manifest.Serving.SignalWeights.Count, manifest.Recipe));
    }

    [Fact]
    public void Check_OpsetBelow13_Rejected()
    {
        var artifact = Planted();
        ContractBreakingModels.SetOpset(Path.Combine(artifact, ModelContract.ModelFile), 12);
        Assert.Contains("model.onnx uses opset 12; the contract needs opset 13 or later", Rejected(artifact).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OnnxRuntimeRefusal_MessageHidesTheServerPath()
    {
        // Readable, allowed operators, but adds an int64 to a float: only ONNX Runtime's type check finds it.
        var artifact = Planted();
        var b = new OnnxGraphBuilder();
        var items = b.AddInput(ModelContract.HistoryItems, OnnxElementType.Int64, "batch", "history");
        var weights = b.AddInput(ModelContract.HistoryWeights, OnnxElementType.Float, "batch", "history");
        b.AddOutput(b.Add(items, weights, ModelContract.TopScores), OnnxElementType.Float, "batch", "history");
        b.Save(Path.Combine(artifact, ModelContract.ModelFile));
        var message = Rejected(artifact).Message;
        Assert.Contains("ONNX Runtime cannot load it", message, StringComparison.Ordinal);
        Assert.Contains("<artifact>", message, StringComparison.Ordinal);
        Assert.DoesNotContain(dir.Path, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenArtifact_InvalidArgumentNamingTheVersion()
    {
        var artifact = Planted();
        File.Delete(Path.Combine(artifact, ModelContract.VocabularyFile));
        var ex = Assert.Throws<NeuronException>(() => ModelTestHost.Loader().Load(new VersionKey("t", "recs", 3), artifact, static _ => { }));
        Assert.Equal((ErrorKind.InvalidArgument, "artifact t/recs/v3"), (ex.Kind, ex.Field));
    }

    [Theory]
    [InlineData("Load model from {0}/model.onnx failed", "Load model from <artifact>/model.onnx failed")]
    [InlineData("Load model from {0}/../x/model.onnx failed", "Load model from <artifact>/../x/model.onnx failed")]
    [InlineData("nothing to hide", "nothing to hide")]
    public void HideArtifactPath_FullPathInMessage_Replaced(string message, string expected)
    {
        var artifact = dir.Combine("models", ".staging", "abc");
        Assert.Equal(expected, ModelLoader.HideArtifactPath(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, artifact), artifact + Path.DirectorySeparatorChar));
    }

    private static void WriteManifest(string artifact, string json) => File.WriteAllText(Path.Combine(artifact, ModelContract.ManifestFile), json);

    private static void RewriteManifest(string artifact, Func<ModelManifest, ModelManifest> change)
    {
        var path = Path.Combine(artifact, ModelContract.ManifestFile);
        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), ModelJsonContext.Default.ModelManifest)!;
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(change(manifest), ModelJsonContext.Default.ModelManifest));
    }

    public void Dispose() => dir.Dispose();
}
