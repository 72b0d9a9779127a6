using System.Globalization;
using System.Text.Json.Nodes;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Recipes.Ease;

/// <summary>
/// <c>ease</c> (Steck, WWW 2019): a closed-form item-item model for small catalogs. With X the binary user × item
/// matrix of training interactions, P = (XᵀX + λI)⁻¹ and B = I − P·diag(1/diag(P)) with a zero diagonal; a user's
/// scores are the weighted sum of the rows of B for the items in the user's history. No epochs: one inversion.
/// </summary>
/// <remarks>
/// It serves through the same contract as every model: the input table is the identity (so pooling yields the user's
/// weighted history vector) and the item table is Bᵀ (so the final product is that vector times B). Item j's row of
/// the item table is column j of B, what predicts j, so SimilarItems still means something.
/// </remarks>
internal sealed class EaseRecipe(EaseOptions options) : IRecipe
{
    /// <summary>The recipe's name.</summary>
    public const string RecipeName = "ease";

    private readonly EaseOptions _options = Validated(options);

    public string Name => RecipeName;

    public int HistoryLength => _options.HistoryLength;

    public JsonObject DescribeOptions() => _options.ToJson();

    /// <exception cref="NeuronException">FailedPrecondition when the catalog is larger than <see cref="EaseOptions.MaxItems"/>.</exception>
    public IRecipeModel Create(TrainEvalDataset dataset, RecentHistories histories, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var items = dataset.Train.ItemCount;
        if (items > _options.MaxItems)
        {
            throw NeuronException.FailedPrecondition(string.Create(
                CultureInfo.InvariantCulture,
                $"recipe ease: the catalog has {items} items, more than its limit of {_options.MaxItems} (the model is items² weights); use pooled-history"));
        }

        return EaseModel.Fit(dataset.Train, _options.Lambda);
    }

    private static EaseOptions Validated(EaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
    }
}
