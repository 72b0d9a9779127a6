namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// One training batch in flat row-major arrays: the pooled inputs [rows, width] (padding at weight 0) and the hidden
/// targets [rows, width] with a per-target weight of 1/|hidden| (0 for padding).
/// </summary>
internal sealed class MaskedBatch(int rows, int width)
{
    public int Rows { get; } = rows;

    public int Width { get; } = width;

    public long[] Inputs { get; } = new long[rows * width];

    public float[] InputWeights { get; } = new float[rows * width];

    public long[] Targets { get; } = new long[rows * width];

    public float[] TargetMask { get; } = new float[rows * width];
}
