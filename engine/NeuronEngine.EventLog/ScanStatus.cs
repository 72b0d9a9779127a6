namespace NeuronEngine.EventLog;

/// <summary>What <see cref="SegmentScanner.NextAsync"/> found.</summary>
internal enum ScanStatus
{
    /// <summary>A whole record with a good CRC.</summary>
    Record,

    /// <summary>The file ends exactly after the last good record.</summary>
    End,

    /// <summary>
    /// Bytes after the last good record that are not a good record, with nothing good after them: an unfinished
    /// write (a torn tail after a crash, or a write still in progress when read live).
    /// </summary>
    Incomplete,

    /// <summary>A bad record followed by a good one, or an impossible length: damage, not an unfinished write.</summary>
    Corrupt,
}
