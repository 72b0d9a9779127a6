using System.Runtime;
using NeuronEngine.Trainer.Recipes.PooledHistory;
using NeuronEngine.Trainer.Tests.Runs;

namespace NeuronEngine.Trainer.Tests.Recipes.PooledHistory;

// The GC's latency mode is process-wide: these run apart from the training tests.
[Collection(TrainingCollection.Name)]
public sealed class NoCollectionRegionTests
{
    /// <summary>A region that ended early because something allocated past its budget is replaced, and ending it is safe.</summary>
    [Fact]
    public void Reserve_AfterTheRegionOverflowed_StartsAFreshRegionAndDisposeEndsIt()
    {
        using var region = new NoCollectionRegion();
        region.Reserve(1 << 20);
        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);

        var ballast = new List<byte[]>();
        for (var i = 0; i < 300; i++)
        {
            ballast.Add(new byte[1 << 20]);
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        region.Reserve(1 << 20);
        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        Assert.Equal(0, region.UnprotectedSteps);
        region.Dispose();
        region.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        GC.KeepAlive(ballast);
    }
}
