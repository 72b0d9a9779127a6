using System.Threading.Tasks.Sources;
using NeuronEngine.Counters;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Engine.Recommend;

/// <summary>
/// The buffers of one Recommend call (history, model inputs and outputs, seen items) and its place in an inference
/// batch. Pooled: a call rents one, and returns it when the response is built.
/// </summary>
/// <remarks>
/// Replaces per-thread buffers: a call that waits for a batch may resume on another thread, where another call may
/// already be using that thread's buffers. The waiting part is a reusable <see cref="IValueTaskSource{TResult}"/>, so
/// waiting for a batch allocates nothing either.
/// </remarks>
internal sealed class RecommendCall : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> completion = new() { RunContinuationsAsynchronously = true };
    private readonly InferenceRow[] rows = [new()];

    public HistoryEntry[] History { get; private set; } = [];

    /// <summary>Model indices of the user's history items.</summary>
    public HashSet<int> Seen { get; } = [];

    /// <summary>Where each fed item sits in <see cref="Row"/> (an item is fed once, as the trainer folds it).</summary>
    public Dictionary<int, int> FedAt { get; } = [];

    public InferenceRow Row => rows[0];

    /// <summary>The row alone, for an unbatched run.</summary>
    public ReadOnlySpan<InferenceRow> Rows => rows;

    /// <summary>The batch queue this call waits in; only touched under that queue's lock.</summary>
    internal InferenceBatcher.BatchQueue? Queue { get; set; }

    /// <summary>The next waiting call in <see cref="Queue"/>; only touched under that queue's lock.</summary>
    internal RecommendCall? Next { get; set; }

    /// <summary>Readies the call for a new request: buffers sized, seen items cleared.</summary>
    public void Prepare(int historyLength, int modelHistory)
    {
        if (History.Length != historyLength)
        {
            History = new HistoryEntry[historyLength];
        }

        Row.EnsureHistoryCapacity(modelHistory);
        Seen.Clear();
        FedAt.Clear();
    }

    public bool HasSeen(string itemId, int entries)
    {
        for (var i = 0; i < entries; i++)
        {
            if (string.Equals(History[i].ItemId, itemId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Arms the call for one wait; under the queue's lock, before it becomes visible to other threads.</summary>
    internal void ResetWait() => completion.Reset();

    /// <summary>Completes the wait: true makes this call run the next batch, false means its row has its results.</summary>
    internal void Signal(bool lead) => completion.SetResult(lead);

    internal void Fail(Exception error) => completion.SetException(error);

    internal ValueTask<bool> WaitAsync() => new(this, completion.Version);

    bool IValueTaskSource<bool>.GetResult(short token) => completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => completion.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        completion.OnCompleted(continuation, state, token, flags);
}
