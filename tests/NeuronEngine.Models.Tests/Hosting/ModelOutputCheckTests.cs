using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

/// <summary>The contract check runs the model and refuses outputs serving cannot trust (through <see cref="ModelLoader.Check"/>).</summary>
public sealed class ModelOutputCheckTests : IDisposable
{
    private readonly TempDirectory dir = new("outputs");

    private static string Rejected(string artifact)
    {
        var ex = Assert.Throws<NeuronException>(() => ModelTestHost.Loader().Check(artifact));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("artifact", ex.Field);
        Assert.StartsWith("the artifact breaks the model contract: ", ex.Rule, StringComparison.Ordinal);
        return ex.Message;
    }

    [Fact]
    public void Check_ModelIgnoresK_RejectedNamingTheShape()
    {
        var artifact = ContractBreakingModels.Write(dir.Combine("fixed-k"), ContractBreakingModels.IgnoresK);
        Assert.Contains("with k = 1 (items = 40) top_scores has shape [1, 10], not [1, 1]", Rejected(artifact), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_IndicesOutsideTheVocabulary_Rejected()
    {
        var artifact = ContractBreakingModels.Write(dir.Combine("out-of-range"), ContractBreakingModels.IndicesOutOfRange);
        Assert.Contains("not a model item index (0-39)", Rejected(artifact), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ScoresRise_Rejected()
    {
        var artifact = ContractBreakingModels.Write(dir.Combine("ascending"), ContractBreakingModels.ScoresAscending);
        Assert.Contains("top_scores is not in descending order", Rejected(artifact), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WellFormedModelBuiltTheSameWay_Accepted()
    {
        // The same graph with an honest top-k passes: the rejections above are about the outputs, not the test graph.
        var artifact = ContractBreakingModels.Write(dir.Combine("honest"), p => p.Builder.TopK(p.Scores, p.K, values: "top_scores", indices: "top_indices"));
        Assert.Equal(40, ModelTestHost.Loader().Check(artifact).Items);
    }

    [Fact]
    public void Load_WarmUpHitsAnIndexOutOfRange_InvalidArgumentNotACrash()
    {
        // Warm-up run i uses history item i; from the second run on this model's indices leave the vocabulary.
        var artifact = ContractBreakingModels.Write(dir.Combine("warm-up"), ContractBreakingModels.IndicesShiftedByHistory);
        var options = Options.Create(new InferenceOptions { Provider = "cpu", IntraOpThreads = 1, WarmupRuns = 3 });
        var loader = new ModelLoader(new ExecutionProviders(options, NullLogger<ExecutionProviders>.Instance), options, NullLogger<ModelLoader>.Instance);

        var ex = Assert.Throws<NeuronException>(() => loader.Load(new VersionKey("t", "recs", 1), artifact, static _ => { }));
        Assert.Equal((ErrorKind.InvalidArgument, "artifact t/recs/v1"), (ex.Kind, ex.Field));
        Assert.Contains("the artifact breaks the model contract: model.onnx failed its warm-up inference", ex.Message, StringComparison.Ordinal);
        Assert.Contains("item index", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => dir.Dispose();
}
