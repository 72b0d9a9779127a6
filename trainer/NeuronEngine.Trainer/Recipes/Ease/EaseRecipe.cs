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
/// It serves through the sparse neighbour graph: row h of B keeps its largest positive entries, at most
/// <see cref="EaseOptions.Neighbours"/> (negative entries, which only push items down, are dropped), so serving costs
/// history × neighbours additions instead of items² weights, and SimilarItems lists the items h predicts most strongly.
/// </remarks>
internal sealed class EaseRecipe(EaseOptions options) : IRecipe
{
    /// <summary>The recipe's name.</summary>
    public const string RecipeName = "ease";

    private readonly EaseOptions options = Validated(options);

    public string Name => RecipeName;

    public string Label => string.Create(CultureInfo.InvariantCulture, $"{RecipeName}(lambda={options.Lambda:G})");

    /// <summary>The same recipe with penalty <paramref name="lambda"/> (a candidate of <c>auto</c>).</summary>
    public EaseRecipe WithLambda(double lambda) => new(new EaseOptions
    {
        Lambda = lambda,
        MaxItems = options.MaxItems,
        DoublePrecisionItems = options.DoublePrecisionItems,
        Neighbours = options.Neighbours,
        HistoryLength = options.HistoryLength,
    });

    public int HistoryLength => options.HistoryLength;

    /// <summary>B is fitted on the binary matrix, so the history is fed with weight 1 per item too.</summary>
    public bool BinaryInputs => true;

    /// <summary>The options this recipe fits with.</summary>
    public EaseOptions Options => options;

    public JsonObject DescribeOptions() => options.ToJson();

    /// <exception cref="NeuronException">FailedPrecondition when the catalog is larger than <see cref="EaseOptions.MaxItems"/>.</exception>
    public IRecipeModel Create(TrainEvalDataset dataset, RecentHistories histories, TrainingSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var items = dataset.Train.ItemCount;
        if (items > options.MaxItems)
        {
            throw NeuronException.FailedPrecondition(string.Create(
                CultureInfo.InvariantCulture,
                $"recipe ease: the catalog has {items} items, more than its limit of {options.MaxItems} (the model is items² weights); use item-knn"));
        }

        ArgumentNullException.ThrowIfNull(settings);
        return EaseModel.Fit(dataset.Train, options, settings.Device, cancellationToken);
    }

    private static EaseOptions Validated(EaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
    }
}
