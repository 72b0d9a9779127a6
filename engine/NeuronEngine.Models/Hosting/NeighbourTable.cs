namespace NeuronEngine.Models.Hosting;

/// <summary>
/// A neighbour model's item-item lists for <c>SimilarItems</c>: per item, the items of its
/// <c>neighbour_items</c> row with their summed weights, highest first, built once at load.
/// </summary>
/// <remarks>
/// Rows are compacted at load (padding, zero sums and the item itself dropped; an item listed twice in a row counted
/// once with the weights added, as the serving graph adds them), so <see cref="MostSimilar"/> is one forward walk of a
/// row with no heap and no allocation. Stored as offsets into one index array and one weight array.
/// </remarks>
internal sealed class NeighbourTable : IItemSimilarity
{
    private readonly int[] offsets;
    private readonly int[] neighbours;
    private readonly float[] weights;

    /// <param name="neighbourItems">items × <paramref name="columns"/>, row-major; every value a model item index (checked by the caller).</param>
    /// <param name="neighbourWeights">items × <paramref name="columns"/>, row-major, finite.</param>
    /// <param name="items">Rows.</param>
    /// <param name="columns">Entries per row (K).</param>
    public NeighbourTable(ReadOnlySpan<int> neighbourItems, ReadOnlySpan<float> neighbourWeights, int items, int columns)
    {
        if (neighbourItems.Length != (long)items * columns || neighbourWeights.Length != neighbourItems.Length)
        {
            throw new ArgumentException($"expected {items} × {columns} indices and weights, got {neighbourItems.Length} and {neighbourWeights.Length}");
        }

        Items = items;
        Columns = columns;
        offsets = new int[items + 1];
        neighbours = GC.AllocateUninitializedArray<int>(neighbourItems.Length);
        weights = GC.AllocateUninitializedArray<float>(neighbourItems.Length);

        // seenInRow[j] = row + 1 when item j already has a slot in the row being built, at slotOf[j].
        var seenInRow = new int[items];
        var slotOf = new int[items];
        var keys = new ulong[columns];
        var rowItems = new int[columns];
        var rowWeights = new float[columns];
        var end = 0;
        for (var row = 0; row < items; row++)
        {
            var count = 0;
            for (var c = 0; c < columns; c++)
            {
                var target = neighbourItems[(row * columns) + c];
                if (target == row)
                {
                    continue;
                }

                if (seenInRow[target] == row + 1)
                {
                    rowWeights[slotOf[target]] += neighbourWeights[(row * columns) + c];
                    continue;
                }

                seenInRow[target] = row + 1;
                slotOf[target] = count;
                rowItems[count] = target;
                rowWeights[count++] = neighbourWeights[(row * columns) + c];
            }

            var kept = 0;
            for (var i = 0; i < count; i++)
            {
                if (rowWeights[i] != 0f)
                {
                    keys[kept++] = SortKey(rowWeights[i], rowItems[i]);
                }
            }

            // One primitive sort per row: weight descending, then index ascending, in one 64-bit key.
            var sorted = keys.AsSpan(0, kept);
            sorted.Sort();
            foreach (var key in sorted)
            {
                var target = (int)(uint)key;
                neighbours[end] = target;
                weights[end++] = rowWeights[slotOf[target]];
            }

            offsets[row + 1] = end;
        }
    }

    /// <inheritdoc/>
    public int Items { get; }

    /// <summary>Entries per row of the stored tables (K, the manifest's <c>dimensions</c>).</summary>
    public int Columns { get; }

    /// <inheritdoc/>
    /// <remarks>Scores are the neighbour weights. Fewer than asked come back when the row runs out: a neighbour model only knows K neighbours per item.</remarks>
    public int MostSimilar(int item, Func<int, bool> skip, Span<int> indices, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(skip);
        var found = 0;
        for (var i = offsets[item]; i < offsets[item + 1] && found < indices.Length; i++)
        {
            if (!skip(neighbours[i]))
            {
                indices[found] = neighbours[i];
                scores[found++] = weights[i];
            }
        }

        return found;
    }

    /// <summary>Orders by weight descending, then by item ascending: the weight's bits made to sort as unsigned, inverted, above the index.</summary>
    private static ulong SortKey(float weight, int item)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(weight);
        var ascending = (bits & 0x8000_0000u) == 0 ? bits | 0x8000_0000u : ~bits;
        return ((ulong)~ascending << 32) | (uint)item;
    }
}
