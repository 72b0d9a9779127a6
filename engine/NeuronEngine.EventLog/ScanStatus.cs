namespace NeuronEngine.EventLog;

/// <summary>What <see cref="SegmentScanner.NextAsync"/> found.</summary>
internal enum ScanStatus
{
    /// <summary>A whole record with a good CRC, in a whole group with a good CRC when it belongs to one.</summary>
    Record,

    /// <summary>The file ends exactly after the last good record.</summary>
    End,

    /// <summary>
    /// Bytes after the last good record that are not a good record or group, with no later group header saying the
    /// log was fsynced past them: an unfinished write (a torn tail after a crash or power loss, or a write still in
    /// progress when read live), whatever good records follow.
    /// </summary>
    Incomplete,

    /// <summary>Bad bytes before a position a later group header says was fsynced: damage, not an unfinished write.</summary>
    Corrupt,
}
