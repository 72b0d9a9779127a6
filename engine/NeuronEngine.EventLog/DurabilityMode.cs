namespace NeuronEngine.EventLog;

/// <summary>When an append is acknowledged relative to the data reaching stable storage.</summary>
public enum DurabilityMode
{
    /// <summary>Each group is fsynced before its appends complete: an acknowledged batch survives a power loss.</summary>
    Always,

    /// <summary>Appends complete once the group is written to the OS; a timer fsyncs at most an interval later.</summary>
    Interval,

    /// <summary>Appends complete once written to the OS; fsync happens only at segment roll and close.</summary>
    None,
}
