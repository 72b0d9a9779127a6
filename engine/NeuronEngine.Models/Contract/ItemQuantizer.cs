namespace NeuronEngine.Models.Contract;

/// <summary>
/// Per-item symmetric 8-bit quantization of an item table for <see cref="ScoringPrecision.Int8"/> scoring: row i is
/// stored as <c>round(row / sᵢ)</c> in −127…127 with <c>sᵢ = max|row| / 127</c>, transposed to [dimensions, items]
/// (the layout <c>MatMulInteger</c> multiplies from the right).
/// </summary>
/// <remarks>
/// A per-item scale keeps every item's relative precision the same whatever its norm (popular items tend to have larger
/// vectors than rare ones); −128 is left unused so the range is symmetric.
/// </remarks>
public static class ItemQuantizer
{
    /// <summary>Quantizes <paramref name="table"/> (items × dimensions, row-major).</summary>
    /// <returns>The transposed 8-bit table and each item's scale sᵢ (1 for an all-zero row).</returns>
    public static (sbyte[] Transposed, float[] Scales) Quantize(ReadOnlySpan<float> table, int items, int dimensions)
    {
        if (table.Length != (long)items * dimensions)
        {
            throw new ArgumentException($"expected {items} × {dimensions} values, got {table.Length}", nameof(table));
        }

        var transposed = new sbyte[table.Length];
        var scales = new float[items];
        for (var i = 0; i < items; i++)
        {
            var row = table.Slice(i * dimensions, dimensions);
            var max = 0f;
            foreach (var value in row)
            {
                max = MathF.Max(max, MathF.Abs(value));
            }

            var scale = max > 0 && float.IsFinite(max) ? max / 127f : 1f;
            scales[i] = scale;
            for (var d = 0; d < dimensions; d++)
            {
                transposed[((long)d * items) + i] = (sbyte)Math.Clamp(MathF.Round(row[d] / scale, MidpointRounding.ToEven), -127, 127);
            }
        }

        return (transposed, scales);
    }
}
