namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// One training batch in flat row-major arrays: the pooled inputs [rows, width] (padding at weight 0), the hidden
/// targets [rows, width] with a per-target weight of 1/|hidden| (0 for padding), and the dropout scale for the
/// pooled vector [rows, dimensions] (0 or 1/keep; empty without dropout).
/// </summary>
internal sealed class MaskedBatch(int rows, int width, int dropoutLength)
{
    public int Rows { get; } = rows;

    public int Width { get; } = width;

    public long[] Inputs { get; } = new long[rows * width];

    public float[] InputWeights { get; } = new float[rows * width];

    public long[] Targets { get; } = new long[rows * width];

    public float[] TargetMask { get; } = new float[rows * width];

    public float[] DropoutScale { get; } = new float[dropoutLength];
}
