using System.Numerics.Tensors;

namespace NeuronEngine.Models.Hosting;

/// <summary>A model's item table with L2-normalised rows, for item-to-item similarity (cosine).</summary>
public sealed class ItemTable : IItemSimilarity
{
    private readonly float[] rows;

    /// <param name="embeddings">items × dimensions, row-major; normalised in place.</param>
    /// <param name="items">Rows.</param>
    /// <param name="dimensions">Columns.</param>
    public ItemTable(float[] embeddings, int items, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Length != (long)items * dimensions)
        {
            throw new ArgumentException($"expected {items} × {dimensions} values, got {embeddings.Length}", nameof(embeddings));
        }

        rows = embeddings;
        Items = items;
        Dimensions = dimensions;
        for (var i = 0; i < items; i++)
        {
            var row = rows.AsSpan(i * dimensions, dimensions);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }
    }

    /// <inheritdoc/>
    public int Items { get; }

    public int Dimensions { get; }

    public ReadOnlySpan<float> Row(int index) => rows.AsSpan(index * Dimensions, Dimensions);

    /// <inheritdoc/>
    /// <remarks>Similarity is the cosine: one dot product with every other item, the best kept in a heap.</remarks>
    public int MostSimilar(int item, Func<int, bool> skip, Span<int> indices, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(skip);
        var query = Row(item);
        var heap = new TopKHeap(indices.Length);
        for (var i = 0; i < Items; i++)
        {
            if (i == item)
            {
                continue;
            }

            var score = TensorPrimitives.Dot(query, rows.AsSpan(i * Dimensions, Dimensions));
            if (heap.WouldAccept(score) && !skip(i))
            {
                heap.Add(i, score);
            }
        }

        return heap.DrainDescending(indices, scores);
    }
}
