namespace NeuronEngine.EventLog.Tests;

/// <summary>Records every hook call; optionally narrows or rejects batches, or runs a callback (which may throw) first.</summary>
internal sealed class RecordingSequencer(Func<EventBatch, EventBatch?>? admit = null) : IAppendSequencer
{
    public List<EventBatch> Admitted { get; } = [];

    public List<(EventBatch Batch, LogPosition Position, LogPosition Next)> Applied { get; } = [];

    public List<EventBatch> AbortedBatches { get; } = [];

    public Action<EventBatch>? OnAdmit { get; set; }

    public Action<EventBatch>? OnApplied { get; set; }

    public Action<IReadOnlyList<EventBatch>>? OnAborted { get; set; }

    EventBatch? IAppendSequencer.Admit(EventBatch batch)
    {
        OnAdmit?.Invoke(batch);
        Admitted.Add(batch);
        return admit is null ? batch : admit(batch);
    }

    void IAppendSequencer.Applied(EventBatch batch, LogPosition position, LogPosition next)
    {
        OnApplied?.Invoke(batch);
        Applied.Add((batch, position, next));
    }

    void IAppendSequencer.Aborted(IReadOnlyList<EventBatch> batches)
    {
        OnAborted?.Invoke(batches);
        AbortedBatches.AddRange(batches);
    }
}
