using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// The IO-binding side of one buffer set, for sessions whose graph runs on a device (CUDA; the CPU provider in tests):
/// the history is written into host memory ONNX Runtime allocated, bound to the session with an
/// <see cref="OrtIoBinding"/>, and the top k comes back into host memory bound as the outputs. On CUDA that memory is
/// page-locked (<c>CudaPinned</c>), so both copies are direct transfers; the item table never moves (it is an
/// initializer, placed on the device when the session is created), nor do the scores: top k runs in the graph.
/// </summary>
/// <remarks>
/// <para>Binding a host value to a device input copies it at bind time. The exclude mask ([items] floats, the largest
/// input by far) is therefore bound only when this buffer set sees a different mask from its last run: an endpoint's
/// mask crosses the bus once per buffer set, not once per call. The mask last bound is held, so it stays alive as long
/// as the binding may point at it (on CPU the binding reads it in place).</para>
/// <para>Not thread-safe: one run at a time, like the buffer set that owns it.</para>
/// </remarks>
internal sealed class BoundInference : IDisposable
{
    private readonly OrtIoBinding binding;
    private readonly OrtAllocator allocator;
    private readonly long[] historyShape = new long[2];
    private readonly long[] outputShape = new long[2];
    private readonly HostBuffer<long> items;
    private readonly HostBuffer<float> weights;
    private readonly HostBuffer<float> scores;
    private readonly HostBuffer<long> indices;
    private ExcludeMask? boundMask;

    /// <param name="session">The session the binding runs.</param>
    /// <param name="allocator">Host memory for inputs and outputs (page-locked for CUDA, ONNX Runtime's CPU allocator otherwise).</param>
    /// <param name="historyCapacity">Rows × history values to hold at first.</param>
    public BoundInference(InferenceSession session, OrtAllocator allocator, int historyCapacity)
    {
        this.allocator = allocator;
        binding = session.CreateIoBinding();
        items = new HostBuffer<long>(allocator, historyCapacity);
        weights = new HostBuffer<float>(allocator, historyCapacity);
        scores = new HostBuffer<float>(allocator, 16 * 100);
        indices = new HostBuffer<long>(allocator, 16 * 100);
    }

    /// <summary>Rows × history item indices, row-major (valid until the next <see cref="EnsureCapacity"/>).</summary>
    public Span<long> Items => items.Span;

    /// <summary>Rows × history weights, parallel to <see cref="Items"/>.</summary>
    public Span<float> Weights => weights.Span;

    /// <summary>Grows the history memory to hold <paramref name="elements"/> values (contents are not kept).</summary>
    public void EnsureCapacity(int elements)
    {
        items.EnsureCapacity(allocator, elements);
        weights.EnsureCapacity(allocator, elements);
    }

    /// <summary>
    /// Runs the session over the first <paramref name="rows"/> × <paramref name="history"/> values of <see cref="Items"/>
    /// and <see cref="Weights"/>; the outputs are then <see cref="TopScores"/> and <see cref="TopIndices"/>. Throws what
    /// ONNX Runtime throws (a stopped run, a model that returns another shape than [rows, k]).
    /// </summary>
    public void Run(InferenceSession session, RunOptions runOptions, int rows, int history, OrtValue k, int topK, ExcludeMask exclude)
    {
        var inputCount = (long)rows * history;
        var outputCount = rows * topK;
        scores.EnsureCapacity(allocator, outputCount);
        indices.EnsureCapacity(allocator, outputCount);
        historyShape[0] = rows;
        historyShape[1] = history;
        outputShape[0] = rows;
        outputShape[1] = topK;
        var memory = allocator.Info;
        using var itemValue = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Int64, historyShape, items.Address, inputCount * sizeof(long));
        using var weightValue = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Float, historyShape, weights.Address, inputCount * sizeof(float));
        using var scoreValue = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Float, outputShape, scores.Address, (long)outputCount * sizeof(float));
        using var indexValue = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Int64, outputShape, indices.Address, (long)outputCount * sizeof(long));
        binding.BindInput(ModelContract.HistoryItems, itemValue);
        binding.BindInput(ModelContract.HistoryWeights, weightValue);
        binding.BindInput(ModelContract.K, k);
        if (!ReferenceEquals(exclude, boundMask))
        {
            boundMask = null;
            binding.BindInput(ModelContract.ExcludeBias, exclude.Value);
            boundMask = exclude;
        }

        binding.BindOutput(ModelContract.TopScores, scoreValue);
        binding.BindOutput(ModelContract.TopIndices, indexValue);
        session.RunWithBinding(runOptions, binding);
        binding.SynchronizeBoundOutputs();
    }

    /// <summary>After <see cref="Run"/>: the first <paramref name="count"/> top scores, row-major.</summary>
    public ReadOnlySpan<float> TopScores(int count) => scores.Span[..count];

    /// <summary>After <see cref="Run"/>: the first <paramref name="count"/> top indices, row-major.</summary>
    public ReadOnlySpan<long> TopIndices(int count) => indices.Span[..count];

    public void Dispose()
    {
        binding.Dispose();
        items.Dispose();
        weights.Dispose();
        scores.Dispose();
        indices.Dispose();
        boundMask = null;
    }

    /// <summary>An array of <typeparamref name="T"/> in memory from an <see cref="OrtAllocator"/>; it never moves.</summary>
    private sealed class HostBuffer<T>(OrtAllocator allocator, int capacity) : IDisposable
        where T : unmanaged
    {
        private OrtMemoryAllocation memory = Allocate(allocator, capacity);
        private int capacity = capacity;

        // The handle of an allocation is its address (ONNX Runtime's C# API keeps the property internal).
        public IntPtr Address => memory.DangerousGetHandle();

        public unsafe Span<T> Span => new((void*)Address, capacity);

        public void EnsureCapacity(OrtAllocator allocator, int elements)
        {
            if (elements > capacity)
            {
                var grownCapacity = Math.Max(elements, capacity * 2);
                var grown = Allocate(allocator, grownCapacity);
                memory.Dispose();
                memory = grown;
                capacity = grownCapacity;
            }
        }

        public void Dispose() => memory.Dispose();

        private static unsafe OrtMemoryAllocation Allocate(OrtAllocator allocator, int elements) =>
            allocator.Allocate(checked((uint)(elements * sizeof(T))));
    }
}
