using Google.Protobuf;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Onnx;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Models.Tests.Hosting;

/// <summary>Models that would harm the engine if ONNX Runtime loaded or ran them unchecked.</summary>
public sealed class HostileModelTests : IDisposable
{
    private readonly TempDirectory dir = new("hostile");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Check_InitializerWithExternalData_RefusedNamingIt()
    {
        var artifact = Planted(model =>
        {
            var table = model.Graph.Initializer.Single(t => t.Name == ModelContract.ItemEmbeddings);
            table.RawData = ByteString.Empty;
            table.DataLocation = 1;
            table.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "../../etc/passwd" });
        });

        var message = Rejected(artifact);
        Assert.Contains("external data is not allowed", message, StringComparison.Ordinal);
        Assert.Contains($"initializers that use it: {ModelContract.ItemEmbeddings}", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Loop", "", "Loop")]
    [InlineData("Gather", "com.example.evil", "com.example.evil:Gather")]
    [InlineData("Softmax", "ai.onnx", "Softmax")]
    public void Check_OperatorOutsideTheAllowlist_RefusedNamingIt(string opType, string domain, string named)
    {
        var artifact = Planted(model =>
        {
            var node = model.Graph.Node.First(n => n.OpType == "Gather");
            node.OpType = opType;
            node.Domain = domain;
        });

        Assert.Contains($"operators outside the contract's allowlist: {named} (allowed: ", Rejected(artifact), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_InputWithAbsurdDimension_Refused()
    {
        var artifact = Planted(model =>
            model.Graph.Input.Single(i => i.Name == ModelContract.ExcludeBias).Type.TensorType.Shape.Dim[0].DimValue = 1L << 40);

        Assert.Contains($"input {ModelContract.ExcludeBias} declares dims [1099511627776], 1099511627776 elements, more than the", Rejected(artifact), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NegativeDimension_Refused()
    {
        var artifact = Planted(model =>
            model.Graph.Input.Single(i => i.Name == ModelContract.K).Type.TensorType.Shape.Dim[0].DimValue = -3);

        Assert.Contains($"input {ModelContract.K} declares dims [-3] (negative or overflowing)", Rejected(artifact), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_InitializerClaimingMoreDataThanTheFileHolds_Refused()
    {
        // 40 × 2^20 floats: within the per-tensor bound, but 160 MB in a file of a few kB.
        var artifact = Planted(model =>
        {
            var table = model.Graph.Initializer.Single(t => t.Name == ModelContract.ItemEmbeddings);
            table.Dims[1] = 1L << 20;
        });

        Assert.Contains("its initializers declare", Rejected(artifact), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EveryGraphTheEngineWrites_UsesOnlyAllowedOperators()
    {
        const int items = 300;
        var embeddings = new float[items * 4];
        PooledHistoryGraph.DenseLayer[] layers = [new(new float[16], new float[4], 4, 4, Relu: true)];
        OnnxGraphBuilder[] graphs =
        [
            PooledHistoryGraph.Build(embeddings, items, 4),
            PooledHistoryGraph.Build(embeddings, items, 4, itemBias: new float[items], layers: layers),
            PooledHistoryGraph.Build(embeddings, items, 4, itemBias: new float[items], scoring: ScoringPrecision.Int8, topKBlock: 0),
            PooledHistoryGraph.Build(embeddings, items, 4, itemBias: new float[items], scoring: ScoringPrecision.Int8, topKBlock: 4),
            NeighbourGraph.Build(new long[items * 2], new float[items * 2], items, 2, new float[items]),
        ];

        var used = graphs.SelectMany(g => OnnxModelFile.Parse(g.ToArray()).Nodes).ToList();
        Assert.All(used, n => Assert.True(n.IsDefaultDomain && ContractOperators.Allowed.Contains(n.OpType), $"{n} is not allowed"));

        // And nothing in the list is dead weight: each operator is one some graph uses.
        Assert.Equal(ContractOperators.Allowed.Order(StringComparer.Ordinal), used.Select(n => n.OpType).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>A planted artifact whose model file is edited by <paramref name="edit"/>.</summary>
    private string Planted(Action<ModelProto> edit)
    {
        var artifact = PlantedModels.Write(dir.Combine("artifact"));
        var path = Path.Combine(artifact, ModelContract.ModelFile);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        edit(model);
        File.WriteAllBytes(path, model.ToByteArray());
        return artifact;
    }

    private static string Rejected(string artifact)
    {
        var ex = Assert.Throws<NeuronException>(() => ModelTestHost.Loader().Check(artifact));
        Assert.Equal((ErrorKind.InvalidArgument, "artifact"), (ex.Kind, ex.Field));
        return ex.Message;
    }
}
