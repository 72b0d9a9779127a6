namespace NeuronEngine.Models.Hosting;

public sealed partial class LoadedModel
{
    /// <summary>Idle buffer sets kept; more concurrent inferences than this allocate (and later drop) their own.</summary>
    private const int MaxIdleBuffers = 16;

    private readonly Stack<InferenceBuffers> idleBuffers = new(MaxIdleBuffers);

    private InferenceBuffers RentBuffers(int elements)
    {
        InferenceBuffers? buffers = null;
        lock (idleBuffers)
        {
            idleBuffers.TryPop(out buffers);
        }

        // Sized for a full batch of the manifest's history at first, so a model rarely grows its buffers.
        if (buffers is null)
        {
            var capacity = Math.Max(elements, 16 * Manifest.Serving.HistoryLength);
            buffers = new InferenceBuffers(capacity, watchdog, hostMemory is null ? null : new BoundInference(session, hostMemory, capacity));
        }

        buffers.EnsureCapacity(elements);
        return buffers;
    }

    private void ReturnBuffers(InferenceBuffers buffers)
    {
        lock (idleBuffers)
        {
            if (!IsDisposed && idleBuffers.Count < MaxIdleBuffers)
            {
                idleBuffers.Push(buffers);
                return;
            }
        }

        buffers.Dispose();
    }

    /// <summary>Runs once the last reference is gone, so no inference holds a buffer set any more.</summary>
    private void DisposeBuffers()
    {
        lock (idleBuffers)
        {
            while (idleBuffers.TryPop(out var buffers))
            {
                buffers.Dispose();
            }
        }
    }
}
