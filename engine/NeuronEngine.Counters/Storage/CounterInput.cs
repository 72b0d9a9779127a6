namespace NeuronEngine.Counters.Storage;

/// <summary>The input of a FASTER read or RMW: which kind of value, and what to add to it.</summary>
internal struct CounterInput
{
    public CounterOp Op;

    /// <summary>History: the entry to insert.</summary>
    public HistoryRecord Entry;

    /// <summary>History: the configured history length.</summary>
    public int HistoryLength;

    /// <summary>Item: the weight to add. Dedup: the batch receive time, in microseconds.</summary>
    public long Amount;

    /// <summary>Dedup: the window, in microseconds.</summary>
    public long WindowMicros;

    public static CounterInput ForRead(CounterOp op) => new() { Op = op };
}
