using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// The <c>exclude_bias</c> input for one model and one set of exclusions (inactive items, an attribute filter): 0 keeps
/// an item, −∞ excludes it. Built once and shared read-only by concurrent inferences.
/// </summary>
/// <remarks>
/// The bias lives on the pinned object heap with one ONNX Runtime value over it, made once: an inference passes the
/// mask without copying or pinning it. Masks are dropped from caches while calls may still use them, so the value is
/// never disposed explicitly; its finalizer releases the native part once the mask is unreachable.
/// </remarks>
public sealed class ExcludeMask
{
    /// <param name="excluded">One flag per model item index; true excludes the item.</param>
    public ExcludeMask(ReadOnlySpan<bool> excluded)
    {
        Bias = GC.AllocateArray<float>(excluded.Length, pinned: true);
        for (var i = 0; i < Bias.Length; i++)
        {
            if (excluded[i])
            {
                Bias[i] = float.NegativeInfinity;
                ExcludedCount++;
            }
        }

        Value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, [Bias.Length],
            InferenceBuffers.Address(Bias), (long)Bias.Length * sizeof(float));
    }

    /// <summary>The bias values, one per model item index.</summary>
    internal float[] Bias { get; }

    /// <summary>The bias as an ONNX Runtime input.</summary>
    internal OrtValue Value { get; }

    public int ExcludedCount { get; }

    public int Length => Bias.Length;

    public bool IsExcluded(int index) => float.IsNegativeInfinity(Bias[index]);
}
