using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Trainer.Recipes.Neighbours;

/// <summary>
/// A model that is its neighbour lists (item-knn, EASE): fitted once, evaluated once, scored and exported through
/// <see cref="NeighbourLists"/> and served by the neighbour graph (its artifact is written under
/// <c>ModelContract.NeighbourVersion</c>).
/// </summary>
internal abstract class NeighbourModel(NeighbourLists lists) : IRecipeModel
{
    /// <summary>The served lists.</summary>
    public NeighbourLists Lists { get; } = lists;

    /// <summary>Nothing to fit per epoch: the lists are computed once, and evaluated once.</summary>
    public bool Trains => false;

    public long StepsPerEpoch => 0;

    public int ItemCount => Lists.Items;

    /// <summary>Entries per row (the manifest's dimensions for a neighbour model).</summary>
    public int Dimensions => Lists.Width;

    public ScoringPrecision Scoring => ScoringPrecision.Float32;

    public double TrainEpoch(Action<long> progress, CancellationToken cancellationToken) => 0;

    public void Score(ReadOnlySpan<long> items, ReadOnlySpan<float> weights, int batch, Span<float> scores) => Lists.Score(items, weights, batch, scores);

    public IReadOnlyList<float[]> SaveState() => Lists.SaveState();

    public void LoadState(IReadOnlyList<float[]> state) => Lists.LoadState(state);

    public OnnxGraphBuilder Export() => Lists.Export();

    public void Dispose()
    {
    }
}
