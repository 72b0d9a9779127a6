using System.Runtime;

namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// Keeps the garbage collector from running while TorchSharp calls into libtorch. TorchSharp turns numbers into
/// native <c>Scalar</c>s that nothing keeps alive during the call (its optimisers do too), so a collection in the
/// middle of a step can finalize one that libtorch is still reading. Measured here: random "Expected false to be
/// true" failures inside add/addcdiv_ a few epochs in, gone when no collection can run mid-step.
/// </summary>
/// <remarks>
/// Starting a region costs a collection (about 30 ms on a small heap), so one region spans many steps: before each
/// step <see cref="Reserve"/> checks the bytes allocated since the region began and starts a new region only when
/// the next step might not fit. Not thread-safe; one per training loop.
/// </remarks>
internal sealed class NoCollectionRegion : IDisposable
{
    private static readonly long[] Budgets = [192L << 20, 64L << 20, 16L << 20];

    private long budget;
    private long allocatedAtStart;
    private bool active;

    /// <summary>Steps that ran without a region because none could be started (see <see cref="Reserve"/>).</summary>
    public long UnprotectedSteps { get; private set; }

    /// <summary>Makes sure a region is active with room for <paramref name="bytes"/> more managed bytes.</summary>
    /// <remarks>
    /// Each budget is tried first without a full blocking collection and then with one, smallest last; only when none
    /// can start does the step run unprotected, counted in <see cref="UnprotectedSteps"/>. A region that ended early
    /// (something allocated past its budget) is noticed here and replaced.
    /// </remarks>
    public void Reserve(long bytes)
    {
        if (active && InRegion && GC.GetTotalAllocatedBytes() - allocatedAtStart + bytes <= this.budget)
        {
            return;
        }

        Dispose();
        foreach (var allowFullCollection in (ReadOnlySpan<bool>)[false, true])
        {
            foreach (var budget in Budgets)
            {
                if (bytes < budget && TryStart(budget, allowFullCollection))
                {
                    (this.budget, allocatedAtStart, active) = (budget, GC.GetTotalAllocatedBytes(), true);
                    return;
                }
            }
        }

        UnprotectedSteps++;
    }

    public void Dispose()
    {
        if (!active)
        {
            return;
        }

        active = false;
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The region already ended: something allocated past its budget (a collection ran) or another party ended it.
        }
    }

    private static bool TryStart(long budget, bool allowFullCollection)
    {
        try
        {
            return GC.TryStartNoGCRegion(budget, disallowFullBlockingGC: !allowFullCollection);
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than this runtime allows in one region: a smaller budget may fit.
            return false;
        }
        catch (InvalidOperationException)
        {
            // A region is already in progress (not ours): nothing to start, nothing of ours to end.
            return false;
        }
    }

    private static bool InRegion => GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;
}
