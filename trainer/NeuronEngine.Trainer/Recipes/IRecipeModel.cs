using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Trainer.Recipes;

/// <summary>One recipe's model while a run trains, evaluates and exports it.</summary>
/// <remarks>Not thread-safe: the run executor drives it from one thread.</remarks>
internal interface IRecipeModel : IDisposable
{
    /// <summary>False for a model with nothing to fit (popularity): the executor evaluates it once instead of per epoch.</summary>
    bool Trains { get; }

    /// <summary>Optimiser steps in one epoch (0 when <see cref="Trains"/> is false).</summary>
    long StepsPerEpoch { get; }

    /// <summary>Items scored (the catalog).</summary>
    int ItemCount { get; }

    /// <summary>Columns of the exported item table.</summary>
    int Dimensions { get; }

    /// <summary>Trains one epoch and returns its mean training loss.</summary>
    /// <param name="progress">Called after each step with the 1-based step number.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    double TrainEpoch(Action<long> progress, CancellationToken cancellationToken);

    /// <summary>
    /// Scores every item for a batch of histories in the contract's input shape, as the exported graph would before
    /// <c>exclude_bias</c> and the top k.
    /// </summary>
    /// <param name="items">[batch, width] item indexes, padding with weight 0.</param>
    /// <param name="weights">[batch, width] weights.</param>
    /// <param name="batch">Rows.</param>
    /// <param name="scores">[batch, items], written.</param>
    void Score(ReadOnlySpan<long> items, ReadOnlySpan<float> weights, int batch, Span<float> scores);

    /// <summary>A copy of the model's weights (to keep the best epoch's).</summary>
    IReadOnlyList<float[]> SaveState();

    /// <summary>Puts back weights taken by <see cref="SaveState"/>.</summary>
    void LoadState(IReadOnlyList<float[]> state);

    /// <summary>How the exported graph scores users against the item table (the export check's tolerance depends on it).</summary>
    ScoringPrecision Scoring { get; }

    /// <summary>The serving graph of the current weights, through <c>PooledHistoryGraph</c>.</summary>
    OnnxGraphBuilder Export();
}
