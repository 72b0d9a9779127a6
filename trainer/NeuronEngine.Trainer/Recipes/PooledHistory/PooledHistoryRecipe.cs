using System.Text.Json.Nodes;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// <c>pooled-history</c>, the default recipe: the user is the normalised weighted mean of the embeddings of the
/// user's recent history, passed through dense layers and scored against a separate output table plus a per-item
/// bias (the Mult-DAE / YouTube candidate family, RECIPES.md).
/// </summary>
internal sealed class PooledHistoryRecipe : IRecipe
{
    /// <summary>The recipe's name.</summary>
    public const string RecipeName = "pooled-history";

    private readonly PooledHistoryOptions options;

    /// <exception cref="NeuronException">InvalidArgument listing every broken option.</exception>
    public PooledHistoryRecipe(PooledHistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
        }

        this.options = options;
    }

    public string Name => RecipeName;

    public int HistoryLength => options.HistoryLength;

    public JsonObject DescribeOptions() => options.ToJson();

    public IRecipeModel Create(TrainEvalDataset dataset, RecentHistories histories, TrainingSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(settings);

        // Intra-op threads are process-wide in torch; a fixed count keeps reductions, and so results, reproducible.
        TorchSharp.torch.set_num_threads(options.Threads);
        return new PooledHistoryModel(dataset, histories, settings, options);
    }
}
