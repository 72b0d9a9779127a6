using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Tests.Contract;

public sealed class ItemQuantizerTests
{
    [Fact]
    public void Quantize_RowsOfDifferentNorms_EachWithinHalfItsOwnStepAndTransposed()
    {
        float[] table = [0.01f, -0.02f, 0.005f, 300f, -150f, 7.5f];
        var (transposed, scales) = ItemQuantizer.Quantize(table, items: 2, dimensions: 3);

        Assert.Equal(0.02f / 127f, scales[0], 1e-9f);
        Assert.Equal(300f / 127f, scales[1], 1e-5f);
        for (var i = 0; i < 2; i++)
        {
            for (var d = 0; d < 3; d++)
            {
                var restored = transposed[(d * 2) + i] * scales[i];
                Assert.True(Math.Abs(restored - table[(i * 3) + d]) <= scales[i] / 2 * 1.0001f, $"item {i} dim {d}: {restored} vs {table[(i * 3) + d]}");
            }
        }

        Assert.Equal(-127, transposed[(1 * 2) + 0]); // item 0, dimension 1: its largest |value| maps to the end of the range
        Assert.Equal(127, transposed[(0 * 2) + 1]);      // item 1, dimension 0
    }

    [Fact]
    public void Quantize_AllZeroRow_ScaleOneAndZeros()
    {
        var (transposed, scales) = ItemQuantizer.Quantize(new float[4], items: 2, dimensions: 2);
        Assert.All(scales, s => Assert.Equal(1f, s));
        Assert.All(transposed, q => Assert.Equal(0, q));
    }

    [Fact]
    public void Quantize_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => ItemQuantizer.Quantize(new float[5], items: 2, dimensions: 3));

    [Theory]
    [InlineData(1_000, 64, ScoringPrecision.Float32)]
    [InlineData(16_384, 64, ScoringPrecision.Float32)]
    [InlineData(16_385, 64, ScoringPrecision.Int8)]
    [InlineData(100_000, 64, ScoringPrecision.Int8)]
    public void Auto_ByTableSize(int items, int dimensions, ScoringPrecision expected) =>
        Assert.Equal(expected, ScoringPrecisions.Auto(items, dimensions));
}
