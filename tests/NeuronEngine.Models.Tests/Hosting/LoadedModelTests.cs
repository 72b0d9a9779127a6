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
        Assert.Contains("it returned 7 results per row for k = 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SameModelWithinTheContract_ReturnsK()
    {
        using var model = Load("fine", ContractBreakingModels.IndicesShiftedByHistory);
        var (indices, scores) = (new int[10], new float[10]);
        model.Run([0], [1f], 1, 10, new ExcludeMask(new bool[model.ItemCount]), indices, scores);
        Assert.Equal(PlantedModels.Expected(40, 4, 0, 10), indices.Select(PlantedModels.ItemId));
    }

    private static InferenceRow Row(long[] items, int k)
    {
        var row = new InferenceRow();
        row.EnsureHistoryCapacity(items.Length);
        items.CopyTo(row.Items);
        Array.Fill(row.Weights, 1f);
        row.Length = items.Length;
        row.SetK(k);
        return row;
    }

    [Fact]
    public void Run_BatchOfRowsWithDifferentHistoriesAndK_EachRowAsAlone()
    {
        using var model = ModelTestHost.Loader().Load(new VersionKey("t", "planted", 1), PlantedModels.Write(dir.Combine("planted")), static _ => { });
        var mask = new ExcludeMask([.. Enumerable.Range(0, model.ItemCount).Select(i => i == 38)]);
        InferenceRow[] rows = [Row([2], 3), Row([1, 5, 9, 13], 10), Row([3], 1), Row([0, 4], 5)];

        model.Run(rows, mask);

        // Cluster of each row's history, highest index first; item 38 (cluster 2) is excluded.
        Assert.Equal(PlantedModels.Expected(40, 4, 2, 3, [PlantedModels.ItemId(38)]), rows[0].Indices.Take(3).Select(PlantedModels.ItemId));
        Assert.Equal(PlantedModels.Expected(40, 4, 1, 10), rows[1].Indices.Take(10).Select(PlantedModels.ItemId));
        Assert.Equal(PlantedModels.Expected(40, 4, 3, 1), rows[2].Indices.Take(1).Select(PlantedModels.ItemId));
        Assert.Equal(PlantedModels.Expected(40, 4, 0, 5), rows[3].Indices.Take(5).Select(PlantedModels.ItemId));
        foreach (var row in rows)
        {
            Assert.Null(row.Error);
            var (indices, scores) = (new int[row.K], new float[row.K]);
            model.Run(row.Items, row.Weights, row.Length, row.K, mask, indices, scores);
            Assert.Equal(indices, row.Indices.Take(row.K));
            Assert.Equal(scores, row.Scores.Take(row.K));
        }
    }

    [Fact]
    public void Run_BatchWithARowTheModelBreaksTheContractFor_OnlyThatRowFails()
    {
        using var model = Load("shifted-batch", ContractBreakingModels.IndicesShiftedByHistory);
        InferenceRow[] rows = [Row([0], 10), Row([5], 10)];

        model.Run(rows, new ExcludeMask(new bool[model.ItemCount]));

        Assert.Null(rows[0].Error);
        Assert.Equal(PlantedModels.Expected(40, 4, 0, 10), rows[0].Indices.Take(10).Select(PlantedModels.ItemId));
        Assert.Equal(ErrorKind.Internal, rows[1].Error?.Kind);
        Assert.Contains("it returned item index", rows[1].Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BatchTheModelFailsAsAWhole_EachRowRunAloneAndOnlyTheBrokenOneFails()
    {
        // k minus the history's index sum has one value per row: a batch of two cannot run, each row alone can.
        using var model = Load("short-batch", ContractBreakingModels.KShortenedByHistory);
        InferenceRow[] rows = [Row([0], 10), Row([3], 10)];

        model.Run(rows, new ExcludeMask(new bool[model.ItemCount]));

        Assert.Null(rows[0].Error);
        Assert.Equal(PlantedModels.Expected(40, 4, 0, 10), rows[0].Indices.Take(10).Select(PlantedModels.ItemId));
        Assert.Contains("it returned 7 results per row for k = 10", rows[1].Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RowWithoutHistory_ThrowsArgumentException()
    {
        using var model = ModelTestHost.Loader().Load(new VersionKey("t", "planted", 1), PlantedModels.Write(dir.Combine("empty")), static _ => { });
        var row = Row([1], 3);
        row.Length = 0;
        Assert.Throws<ArgumentException>(() => model.Run([row], new ExcludeMask(new bool[model.ItemCount])));
    }

    private LoadedModel Planted(string name) =>
        ModelTestHost.Loader().Load(new VersionKey("t", name, 1), PlantedModels.Write(dir.Combine(name)), static _ => { });

    private static ExcludeMask Cached() => throw new InvalidOperationException("the mask was rebuilt, not found in the cache");

    /// <summary>
    /// Regression: once the cache held its limit of masks, the next new filter cleared it, unfiltered masks included,
    /// so clients sending many distinct filters made every plain Recommend rebuild its mask.
    /// </summary>
    [Fact]
    public void GetMask_MoreFiltersThanTheCacheHolds_UnfilteredMaskKept()
    {
        using var model = Planted("unfiltered");
        Assert.Equal(256, model.MaxMasks);
        var unfiltered = model.GetMask("t", "", 1, () => new ExcludeMask(new bool[model.ItemCount]));

        for (var i = 0; i < 2 * model.MaxMasks; i++)
        {
            model.GetMask("t", "f" + i, 1, () => new ExcludeMask(new bool[model.ItemCount]));
        }

        Assert.Same(unfiltered, model.GetMask("t", "", 1, Cached));
    }

    [Fact]
    public void GetMask_CacheFull_LeastRecentlyUsedFilterRebuiltRecentOnesKept()
    {
        using var model = Planted("lru");
        var kept = model.GetMask("t", "kept", 1, () => new ExcludeMask(new bool[model.ItemCount]));
        var newest = kept;
        for (var i = 0; i < model.MaxMasks + 10; i++)
        {
            newest = model.GetMask("t", "f" + i, 1, () => new ExcludeMask(new bool[model.ItemCount]));
            Assert.Same(kept, model.GetMask("t", "kept", 1, Cached));
        }

        Assert.Same(newest, model.GetMask("t", "f" + (model.MaxMasks + 9), 1, Cached));
        var rebuilt = 0;
        model.GetMask("t", "f0", 1, () =>
        {
            rebuilt++;
            return new ExcludeMask(new bool[model.ItemCount]);
        });
        Assert.Equal(1, rebuilt);
    }

    /// <summary>More tenants than the cache holds masks: the bound still holds, the least recently used tenant's mask goes.</summary>
    [Fact]
    public void GetMask_MoreTenantsThanTheCacheHolds_BoundKeptLeastRecentTenantRebuilt()
    {
        using var model = Planted("tenants");
        var first = model.GetMask("tenant-0", "", 1, () => new ExcludeMask(new bool[model.ItemCount]));
        for (var i = 1; i <= model.MaxMasks; i++)
        {
            model.GetMask("tenant-" + i, "", 1, () => new ExcludeMask(new bool[model.ItemCount]));
            Assert.Same(first, model.GetMask("tenant-0", "", 1, Cached));
        }

        // tenant-1 was used least recently (tenant-0 on every round), so it is the one the cache let go.
        var rebuilt = 0;
        model.GetMask("tenant-1", "", 1, () =>
        {
            rebuilt++;
            return new ExcludeMask(new bool[model.ItemCount]);
        });
        Assert.Equal(1, rebuilt);
        Assert.Same(first, model.GetMask("tenant-0", "", 1, Cached));
    }

    [Fact]
    public void GetMask_BuildThrows_NextCallBuildsAgain()
    {
        using var model = Planted("throws");
        Assert.Throws<InvalidOperationException>(() => model.GetMask("t", "", 1, Cached));

        var mask = model.GetMask("t", "", 1, () => new ExcludeMask(new bool[model.ItemCount]));

        Assert.Same(mask, model.GetMask("t", "", 1, Cached));
    }

    public void Dispose() => dir.Dispose();
}
