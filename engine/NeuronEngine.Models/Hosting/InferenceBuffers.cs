using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// The input side of one inference at a time: history buffers on the pinned object heap (ONNX Runtime reads them in
/// place, without a pin per call), the <c>k</c> value and a reusable <see cref="RunOptions"/> whose deadline the
/// <see cref="InferenceWatchdog"/> enforces. Pooled per model. A model served through IO binding (on CUDA) has a
/// <see cref="Bound"/> side, whose host memory takes the history instead of these arrays.
/// </summary>
internal sealed class InferenceBuffers : IDisposable
{
    /// <summary>Input names in the order of <see cref="Inputs"/>.</summary>
    public static readonly string[] InputNames = [ModelContract.HistoryItems, ModelContract.HistoryWeights, ModelContract.K, ModelContract.ExcludeBias];

    private readonly long[] k = GC.AllocateArray<long>(1, pinned: true);
    private readonly long[] shape = new long[2];
    private readonly OrtValue kValue;
    private readonly InferenceWatchdog watchdog;
    private readonly Lock deadlineGate = new();
    private long[] items;
    private float[] weights;

    /// <summary>The running inference's deadline (a <see cref="TimeProvider.GetTimestamp"/> value); 0 while idle.</summary>
    private long deadline;

    /// <summary>True once the watchdog set <see cref="RunOptions.Terminate"/> for the current run.</summary>
    private bool terminated;

    public InferenceBuffers(int capacity, InferenceWatchdog watchdog, BoundInference? bound = null)
    {
        this.watchdog = watchdog;
        Bound = bound;

        // With IO binding the history goes into the binding's host memory: these arrays are never read.
        items = GC.AllocateArray<long>(bound is null ? capacity : 0, pinned: true);
        weights = GC.AllocateArray<float>(bound is null ? capacity : 0, pinned: true);
        kValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [1], Address(k), sizeof(long));
        watchdog.Watch(this);
    }

    /// <summary>Rows × history item indices, row-major, where this buffer set's runs read them.</summary>
    public Span<long> Items => Bound is null ? items : Bound.Items;

    /// <summary>Rows × history weights, row-major, parallel to <see cref="Items"/>.</summary>
    public Span<float> Weights => Bound is null ? weights : Bound.Weights;

    /// <summary>The IO-binding side, when the model runs through one; null for the plain run.</summary>
    public BoundInference? Bound { get; }

    /// <summary>The <c>k</c> input.</summary>
    public OrtValue K => kValue;

    /// <summary>The inputs of the current run, in <see cref="InputNames"/> order.</summary>
    public OrtValue[] Inputs { get; } = new OrtValue[4];

    public RunOptions RunOptions { get; } = new();

    /// <summary>Grows the history buffers to hold <paramref name="elements"/> values (contents are not kept).</summary>
    public void EnsureCapacity(int elements)
    {
        if (Bound is not null)
        {
            Bound.EnsureCapacity(elements);
        }
        else if (items.Length < elements)
        {
            items = GC.AllocateArray<long>(elements, pinned: true);
            weights = GC.AllocateArray<float>(elements, pinned: true);
        }
    }

    /// <summary>Sets the <c>k</c> input to <paramref name="topK"/> (<see cref="BindInputs"/> does it for the plain run).</summary>
    public void SetK(long topK) => k[0] = topK;

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

    /// <summary>Arms the watchdog for the run about to start: it is stopped once <paramref name="timeoutTicks"/> pass.</summary>
    public void StartDeadline(long timeoutTicks)
    {
        var at = watchdog.DeadlineAfter(timeoutTicks);
        lock (deadlineGate)
        {
            deadline = at;
        }
    }

    /// <summary>
    /// Disarms the watchdog after the run; true when it stopped the run. <see cref="RunOptions.Terminate"/> is reset here,
    /// so the next run on these buffers starts clean. Calling it twice is harmless (the second call returns false).
    /// </summary>
    public bool EndDeadline()
    {
        lock (deadlineGate)
        {
            deadline = 0;
            if (!terminated)
            {
                return false;
            }

            terminated = false;
            RunOptions.Terminate = false;
            return true;
        }
    }

    /// <summary>The watchdog's side: stops the current run when it is past its deadline at <paramref name="now"/>.</summary>
    public void TerminateIfPast(long now)
    {
        lock (deadlineGate)
        {
            if (deadline != 0 && now >= deadline && !terminated)
            {
                terminated = true;
                RunOptions.Terminate = true;
            }
        }
    }

    public void ReleaseInputs()
    {
        Inputs[0]?.Dispose();
        Inputs[1]?.Dispose();
        Array.Clear(Inputs);
    }

    public void Dispose()
    {
        watchdog.Forget(this);
        ReleaseInputs();
        Bound?.Dispose();
        kValue.Dispose();
        RunOptions.Dispose();
    }

    /// <summary>Arrays on the pinned object heap never move, so their address stays valid for their lifetime.</summary>
    internal static IntPtr Address<T>(T[] pinned) => Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);
}
