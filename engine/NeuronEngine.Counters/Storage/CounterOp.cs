namespace NeuronEngine.Counters.Storage;

/// <summary>What a FASTER operation works on; it also picks the value layout.</summary>
internal enum CounterOp : byte
{
    /// <summary>A user's recent history (<see cref="HistoryValue"/>).</summary>
    History = 1,

    /// <summary>An item's weighted count and event count: two little-endian longs.</summary>
    Item = 2,

    /// <summary>An event id's receive time in microseconds: one little-endian long.</summary>
    Dedup = 3,
}
