using System.Text.Json.Nodes;
using NeuronEngine.Models.Contract;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Recipes.Popularity;

/// <summary>
/// <c>popularity</c>: no training; every user gets the items with the most training weight. It is exported through
/// the same serving graph as any model (a one-column zero item table, so the score is the item bias alone), so the
/// engine serves it like any other version and it is the honest baseline to compare against.
/// </summary>
internal sealed class PopularityRecipe : IRecipe
{
    /// <summary>The recipe's name.</summary>
    public const string RecipeName = "popularity";

    public string Name => RecipeName;

    /// <summary>The engine still feeds a history (its contents do not change the scores): the contract's default length.</summary>
    public int HistoryLength => new ServingParameters().HistoryLength;

    public JsonObject DescribeOptions() => new() { ["score"] = "log(1 + summed training weight)" };

    public IRecipeModel Create(TrainEvalDataset dataset, RecentHistories histories, TrainingSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new PopularityModel(dataset.Train);
    }
}
