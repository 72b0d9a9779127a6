using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// One loaded model version: its ONNX Runtime session, vocabulary, manifest and item table. Shared by every endpoint
/// that serves the version (two tenants serving one shared base version share one session).
/// </summary>
/// <remarks>
/// Lifetime is a reference count: one reference per endpoint serving it and one per call in flight
/// (<see cref="TryAcquire"/> / <see cref="Release"/>). The session is disposed when the count reaches zero, so a model
/// retired by a promotion lives until its last in-flight call finishes, and a count that reached zero never rises again.
/// </remarks>
public sealed partial class LoadedModel : IDisposable
{
    private readonly InferenceSession session;
    private readonly Action<LoadedModel> onDisposed;
    private readonly InferenceWatchdog watchdog;

    /// <summary>Host memory for IO-bound runs (<see cref="BoundInference"/>); null when the model runs the plain way.</summary>
    private readonly OrtAllocator? hostMemory;
    private int references = 1;
    private long runTimeoutTicks;

    internal LoadedModel(
        VersionKey key, InferenceSession session, ModelVocabulary vocabulary, ModelManifest manifest, IItemSimilarity items, InferenceWatchdog watchdog, TimeSpan runTimeout, Action<LoadedModel> onDisposed, OrtAllocator? hostMemory = null)
    {
        Key = key;
        this.session = session;
        this.hostMemory = hostMemory;
        this.watchdog = watchdog;
        RunTimeout = runTimeout;
        Vocabulary = vocabulary;
        Manifest = manifest;
        Items = items;
        this.onDisposed = onDisposed;
    }

    public VersionKey Key { get; }

    public ModelVocabulary Vocabulary { get; }

    public ModelManifest Manifest { get; }

    /// <summary>
    /// What <c>SimilarItems</c> answers from: the item table (L2-normalised rows, <see cref="ItemTable"/>) or, for a
    /// neighbour model, its neighbour lists (<see cref="NeighbourTable"/>).
    /// </summary>
    public IItemSimilarity Items { get; }

    public int ItemCount => Vocabulary.Count;

    /// <summary>True when inferences run through IO binding (<see cref="BoundInference"/>), as on CUDA.</summary>
    internal bool RunsBound => hostMemory is not null;

    /// <summary>
    /// How long one inference may run before it is stopped (<see cref="InferenceOptions.RunTimeout"/>; the loader uses
    /// <see cref="InferenceOptions.CheckTimeout"/> while it warms the model up, before the model is shared).
    /// </summary>
    internal TimeSpan RunTimeout
    {
        get;
        set
        {
            field = value;
            runTimeoutTicks = watchdog.ToTimestampTicks(value);
        }
    }

    /// <summary>True once the session is disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref references) == 0;

    /// <summary>Takes a reference; false when the model is already disposed.</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Drops a reference; the last one disposes the session.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref references);
        if (left == 0)
        {
            // Bindings and the host memory they use belong to the session: gone before it is.
            DisposeBuffers();
            if (hostMemory is not null && !ReferenceEquals(hostMemory, OrtAllocator.DefaultInstance))
            {
                hostMemory.Dispose();
            }

            session.Dispose();
            onDisposed(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException($"{Key} released more often than acquired");
        }
    }

    /// <summary>Same as <see cref="Release"/>: drops the reference the creator holds.</summary>
    public void Dispose() => Release();
}
