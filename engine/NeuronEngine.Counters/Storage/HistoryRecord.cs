using System.Runtime.InteropServices;

namespace NeuronEngine.Counters.Storage;

/// <summary>
/// One interaction as stored in a user's history value: 16 bytes, so a full history of N entries is a
/// flat array that can be binary-searched and shifted in place.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal readonly struct HistoryRecord : IComparable<HistoryRecord>
{
    /// <summary>The largest type ordinal that fits beside the weight.</summary>
    public const int MaxTypeOrdinal = (1 << 24) - 1;

    [FieldOffset(0)]
    private readonly long timestampMicros;

    [FieldOffset(8)]
    private readonly int itemOrdinal;

    [FieldOffset(12)]
    private readonly uint typeAndWeight;

    public HistoryRecord(long timestampMicros, int itemOrdinal, int typeOrdinal, byte weight)
    {
        this.timestampMicros = timestampMicros;
        this.itemOrdinal = itemOrdinal;
        typeAndWeight = ((uint)typeOrdinal << 8) | weight;
    }

    public long TimestampMicros => timestampMicros;

    public int ItemOrdinal => itemOrdinal;

    public int TypeOrdinal => (int)(typeAndWeight >> 8);

    public byte Weight => (byte)typeAndWeight;

    /// <summary>
    /// Orders by time, then by item, type and weight, so two events with the same timestamp land in the
    /// same order whichever was applied first.
    /// </summary>
    public int CompareTo(HistoryRecord other)
    {
        var c = TimestampMicros.CompareTo(other.TimestampMicros);
        if (c != 0)
        {
            return c;
        }

        c = ItemOrdinal.CompareTo(other.ItemOrdinal);
        return c != 0 ? c : typeAndWeight.CompareTo(other.typeAndWeight);
    }
}
