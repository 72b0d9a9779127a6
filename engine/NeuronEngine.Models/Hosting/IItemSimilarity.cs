namespace NeuronEngine.Models.Hosting;

/// <summary>
/// What <c>SimilarItems</c> asks a model: the items most like one item. A dense model answers from its item table
/// (<see cref="ItemTable"/>, cosine), a neighbour model from its stored neighbour lists (<see cref="NeighbourTable"/>).
/// </summary>
/// <remarks>Implementations are immutable after load and safe to call from any number of threads at once.</remarks>
public interface IItemSimilarity
{
    /// <summary>Rows: the model's item count.</summary>
    int Items { get; }

    /// <summary>
    /// The up to <paramref name="indices"/>.Length items most similar to <paramref name="item"/>, best first, skipping
    /// the item itself and those <paramref name="skip"/> rejects. Returns how many were written to
    /// <paramref name="indices"/> and <paramref name="scores"/>.
    /// </summary>
    int MostSimilar(int item, Func<int, bool> skip, Span<int> indices, Span<float> scores);
}
