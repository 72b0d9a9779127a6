namespace NeuronEngine.Counters.Storage;

/// <summary>The output of a FASTER read or RMW.</summary>
internal struct CounterOutput
{
    /// <summary>History reads: the value bytes are copied here (replaced by a larger array if too small).</summary>
    public byte[]? Buffer;

    /// <summary>History reads: how many bytes of <see cref="Buffer"/> hold the value.</summary>
    public int Length;

    /// <summary>Item: weighted count. Dedup: the stored receive time.</summary>
    public long First;

    /// <summary>Item: event count.</summary>
    public long Second;

    /// <summary>RMW: the key did not exist and was created.</summary>
    public bool Created;

    /// <summary>Dedup RMW: the id was already seen within the window, so nothing changed.</summary>
    public bool Duplicate;
}
