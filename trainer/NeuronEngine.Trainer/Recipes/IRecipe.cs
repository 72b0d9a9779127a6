using System.Text.Json.Nodes;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Recipes;

/// <summary>
/// A way to train a model that serves through the model contract. The run executor owns the loop around it
/// (evaluation after each epoch, early stopping, export, the export check), so a recipe only says how to fit,
/// score and write its model.
/// </summary>
internal interface IRecipe
{
    /// <summary>The name runs ask for (<c>pooled-history</c>).</summary>
    string Name { get; }

    /// <summary>The name with what sets this variant apart (<c>ease(lambda=50)</c>), for logs, metrics and the manifest.</summary>
    string Label => Name;

    /// <summary>The most recent interactions the engine feeds the model per request (the manifest's history length).</summary>
    int HistoryLength { get; }

    /// <summary>
    /// True when the model learns from the binary user × item matrix: training, evaluation and serving then give every
    /// history item weight 1 (the manifest's signal weights are all 1), so what serves is what was fitted.
    /// </summary>
    bool BinaryInputs => false;

    /// <summary>The recipe's options as recorded in the run manifest.</summary>
    JsonObject DescribeOptions();

    /// <summary>Builds an untrained model for the dataset; the caller disposes it.</summary>
    /// <param name="dataset">The run's train and eval sets.</param>
    /// <param name="histories">The training users' serving-shaped histories (<see cref="HistoryLength"/> long).</param>
    /// <param name="settings">Epochs, batch size, learning rate and seed.</param>
    /// <param name="cancellationToken">StopRun: a long fit (an EASE inversion, a million-item neighbour pass) honours it.</param>
    IRecipeModel Create(TrainEvalDataset dataset, RecentHistories histories, TrainingSettings settings, CancellationToken cancellationToken);
}
