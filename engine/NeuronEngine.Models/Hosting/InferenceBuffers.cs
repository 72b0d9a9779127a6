using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// The input side of one inference at a time: history buffers on the pinned object heap (ONNX Runtime reads them in
/// place, without a pin per call), the <c>k</c> value and a reusable <see cref="RunOptions"/>. Pooled per model.
/// </summary>
internal sealed class InferenceBuffers : IDisposable
{
    /// <summary>Input names in the order of <see cref="Inputs"/>.</summary>
    public static readonly string[] InputNames = [ModelContract.HistoryItems, ModelContract.HistoryWeights, ModelContract.K, ModelContract.ExcludeBias];

    private readonly long[] k = GC.AllocateArray<long>(1, pinned: true);
    private readonly long[] shape = new long[2];
    private readonly OrtValue kValue;
    private long[] items;
    private float[] weights;

    public InferenceBuffers(int capacity)
    {
        items = GC.AllocateArray<long>(capacity, pinned: true);
        weights = GC.AllocateArray<float>(capacity, pinned: true);
        kValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [1], Address(k), sizeof(long));
    }

    /// <summary>Rows × history item indices, row-major.</summary>
    public long[] Items => items;

    /// <summary>Rows × history weights, row-major.</summary>
    public float[] Weights => weights;

    /// <summary>The inputs of the current run, in <see cref="InputNames"/> order.</summary>
    public OrtValue[] Inputs { get; } = new OrtValue[4];

    public RunOptions RunOptions { get; } = new();

    /// <summary>Grows the history buffers to hold <paramref name="elements"/> values (contents are not kept).</summary>
    public void EnsureCapacity(int elements)
    {
        if (items.Length < elements)
        {
            items = GC.AllocateArray<long>(elements, pinned: true);
            weights = GC.AllocateArray<float>(elements, pinned: true);
        }
    }

    /// <summary>
    /// Points the inputs at the first <paramref name="rows"/> × <paramref name="history"/> values, <c>k</c> and the mask.
    /// The history values must be disposed with <see cref="ReleaseInputs"/> after the run.
    /// </summary>
    public void BindInputs(int rows, int history, long topK, ExcludeMask exclude)
    {
        shape[0] = rows;
        shape[1] = history;
        var count = (long)rows * history;
        k[0] = topK;
        Inputs[0] = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, shape, Address(items), count * sizeof(long));
        Inputs[1] = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape, Address(weights), count * sizeof(float));
        Inputs[2] = kValue;
        Inputs[3] = exclude.Value;
    }

    public void ReleaseInputs()
    {
        Inputs[0]?.Dispose();
        Inputs[1]?.Dispose();
        Array.Clear(Inputs);
    }

    public void Dispose()
    {
        ReleaseInputs();
        kValue.Dispose();
        RunOptions.Dispose();
    }

    /// <summary>Arrays on the pinned object heap never move, so their address stays valid for their lifetime.</summary>
    internal static IntPtr Address<T>(T[] pinned) => Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);
}
