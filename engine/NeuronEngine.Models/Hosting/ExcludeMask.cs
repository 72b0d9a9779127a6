namespace NeuronEngine.Models.Hosting;

/// <summary>
/// The <c>exclude_bias</c> input for one model and one set of exclusions (inactive items, an attribute filter): 0 keeps
/// an item, −∞ excludes it. Built once and shared read-only by concurrent inferences.
/// </summary>
public sealed class ExcludeMask
{
    /// <param name="excluded">One flag per model item index; true excludes the item.</param>
    public ExcludeMask(ReadOnlySpan<bool> excluded)
    {
        Bias = new float[excluded.Length];
        for (var i = 0; i < Bias.Length; i++)
        {
            if (excluded[i])
            {
                Bias[i] = float.NegativeInfinity;
                ExcludedCount++;
            }
        }
    }

    /// <summary>The bias values, one per model item index.</summary>
    internal float[] Bias { get; }

    public int ExcludedCount { get; }

    public int Length => Bias.Length;

    public bool IsExcluded(int index) => float.IsNegativeInfinity(Bias[index]);
}
