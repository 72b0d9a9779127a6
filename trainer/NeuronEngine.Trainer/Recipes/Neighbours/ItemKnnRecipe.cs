using System.Text.Json.Nodes;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Recipes.Neighbours;

/// <summary>
/// <c>item-knn</c>: item-based nearest neighbours (RECIPES.md, "Neighbourhood recipes"). A user's score for an item is
/// the sum of its similarities to the items in the user's history, over each item's top neighbours. One pass over the
/// co-occurring pairs, no epochs; it scales to millions of items because the neighbours per item are bounded, and it
/// serves through the sparse neighbour graph (Gather + ScatterElements inside ONNX Runtime).
/// </summary>
internal sealed class ItemKnnRecipe : IRecipe
{
    /// <summary>The recipe's name.</summary>
    public const string RecipeName = "item-knn";

    private readonly ItemKnnOptions options;

    /// <exception cref="NeuronException">InvalidArgument listing every broken option.</exception>
    public ItemKnnRecipe(ItemKnnOptions options, string name = RecipeName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
        }

        this.options = options;
        Name = name;
    }

    public string Name { get; }

    public int HistoryLength => options.HistoryLength;

    /// <summary>Similarities are counted on the binary matrix, so the history is fed with weight 1 per item too.</summary>
    public bool BinaryInputs => true;

    /// <summary>The options this recipe fits with.</summary>
    public ItemKnnOptions Options => options;

    public JsonObject DescribeOptions() => options.ToJson();

    public IRecipeModel Create(TrainEvalDataset dataset, RecentHistories histories, TrainingSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return ItemKnnModel.Fit(dataset.Train, options, cancellationToken);
    }
}
