using NeuronEngine.Core;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.PooledHistory;

namespace NeuronEngine.Trainer.Tests.Recipes;

public sealed class RecipeCatalogTests
{
    [Fact]
    public void Find_KnownNames_ReturnsEachRecipe()
    {
        var catalog = new RecipeCatalog(new PooledHistoryOptions());

        Assert.Equal("pooled-history", catalog.Find("pooled-history").Name);
        Assert.Equal("popularity", catalog.Find("popularity").Name);
    }

    [Fact]
    public void Find_UnknownName_ThrowsInvalidArgumentListingTheKnownOnes()
    {
        var error = Assert.Throws<NeuronException>(() => new RecipeCatalog(new PooledHistoryOptions()).Find("x"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("recipe: unknown recipe \"x\"; known: auto, item-knn, ease, pooled-history, popularity", error.Message);
    }

    [Fact]
    public void Constructor_InvalidPooledHistoryOptions_ThrowsListingEveryError()
    {
        var error = Assert.Throws<NeuronException>(() => new RecipeCatalog(new PooledHistoryOptions { Dimensions = 0, Threads = 0 }));

        Assert.Contains("Dimensions must be 1–1024, got 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Threads must be 1 or more, got 0", error.Message, StringComparison.Ordinal);
    }
}
