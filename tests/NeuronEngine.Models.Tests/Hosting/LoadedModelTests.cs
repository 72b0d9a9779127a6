using NeuronEngine.Core;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

public sealed class LoadedModelTests : IDisposable
{
    private readonly TempDirectory dir = new("loaded");

    private LoadedModel Load(string name, Func<ContractBreakingModels.Parts, (string, string)> topK) =>
        ModelTestHost.Loader().Load(new VersionKey("t", name, 1), ContractBreakingModels.Write(dir.Combine(name), topK), static _ => { });

    [Fact]
    public void Run_ModelReturnsAnIndexOutsideTheVocabulary_ThrowsInternalNotIndexOutOfRange()
    {
        // Passes the load check (history of item 0), then shifts every index by 5 for a history of item 5.
        using var model = Load("shifted", ContractBreakingModels.IndicesShiftedByHistory);
        var mask = new ExcludeMask(new bool[model.ItemCount]);
        var ex = Assert.Throws<NeuronException>(() => model.Run([5], [1f], 1, 10, mask, new int[10], new float[10]));
        Assert.Equal(ErrorKind.Internal, ex.Kind);
        Assert.Contains("broke the model contract at inference: it returned item index", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ModelReturnsFewerThanK_ThrowsInternal()
    {
        using var model = Load("short", ContractBreakingModels.KShortenedByHistory);
        var mask = new ExcludeMask(new bool[model.ItemCount]);
        var ex = Assert.Throws<NeuronException>(() => model.Run([3], [1f], 1, 10, mask, new int[10], new float[10]));
        Assert.Equal(ErrorKind.Internal, ex.Kind);
        Assert.Contains("it returned 7 results for k = 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SameModelWithinTheContract_ReturnsK()
    {
        using var model = Load("fine", ContractBreakingModels.IndicesShiftedByHistory);
        var (indices, scores) = (new int[10], new float[10]);
        model.Run([0], [1f], 1, 10, new ExcludeMask(new bool[model.ItemCount]), indices, scores);
        Assert.Equal(PlantedModels.Expected(40, 4, 0, 10), indices.Select(PlantedModels.ItemId));
    }

    public void Dispose() => dir.Dispose();
}
