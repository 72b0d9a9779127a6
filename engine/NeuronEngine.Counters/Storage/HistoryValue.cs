using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NeuronEngine.Counters.Storage;

/// <summary>
/// Layout of a user's history value: an 8-byte header (entry count, reserved) and a capacity of
/// 16-byte <see cref="HistoryRecord"/>s sorted oldest first. Capacity grows by doubling up to the
/// history length, so in-place updates are the common case and short histories stay small.
/// </summary>
internal static class HistoryValue
{
    public const int HeaderSize = 8;
    public const int EntrySize = 16;
    public const int InitialCapacity = 4;

    public static int PayloadLength(int capacity) => HeaderSize + (capacity * EntrySize);

    public static int Capacity(int payloadLength) => (payloadLength - HeaderSize) / EntrySize;

    public static int Count(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt32LittleEndian(value);

    public static int InitialPayloadLength(int maxLength) => PayloadLength(Math.Min(InitialCapacity, maxLength));

    /// <summary>The payload length for a copy of <paramref name="value"/> that has room for one more entry.</summary>
    public static int GrownPayloadLength(ReadOnlySpan<byte> value, int maxLength)
    {
        var capacity = Capacity(value.Length);
        var count = Count(value);
        if (count < capacity || count >= maxLength)
        {
            return PayloadLength(capacity);
        }

        return PayloadLength(Math.Min(maxLength, Math.Max(InitialCapacity, capacity * 2)));
    }

    public static ReadOnlySpan<HistoryRecord> Entries(ReadOnlySpan<byte> value)
        => MemoryMarshal.Cast<byte, HistoryRecord>(value[HeaderSize..])[..Count(value)];

    public static void Initialize(Span<byte> value, in HistoryRecord entry)
    {
        value.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(value, 1);
        MemoryMarshal.Cast<byte, HistoryRecord>(value[HeaderSize..])[0] = entry;
    }

    /// <summary>Inserts in place; false when the value is full but still below <paramref name="maxLength"/> (it must grow).</summary>
    public static bool TryInsert(Span<byte> value, in HistoryRecord entry, int maxLength)
    {
        var all = MemoryMarshal.Cast<byte, HistoryRecord>(value[HeaderSize..]);
        var count = Count(value);
        if (count > maxLength)
        {
            // The history length was lowered since this value was written: drop the oldest first.
            all[(count - maxLength)..count].CopyTo(all);
            count = maxLength;
        }

        if (count == all.Length && count < maxLength)
        {
            return false;
        }

        count = Insert(all, count, entry, maxLength);
        BinaryPrimitives.WriteInt32LittleEndian(value, count);
        return true;
    }

    /// <summary>Copies <paramref name="source"/> into the (larger or equal) <paramref name="destination"/> and inserts.</summary>
    public static void CopyInsert(ReadOnlySpan<byte> source, Span<byte> destination, in HistoryRecord entry, int maxLength)
    {
        var entries = Entries(source);
        if (entries.Length > maxLength)
        {
            entries = entries[(entries.Length - maxLength)..];
        }

        destination.Clear();
        var all = MemoryMarshal.Cast<byte, HistoryRecord>(destination[HeaderSize..]);
        entries.CopyTo(all);
        var count = entries.Length;
        if (count == all.Length && count < maxLength)
        {
            throw new InvalidOperationException($"history copy has no room: the value length callback and the updater disagree");
        }

        count = Insert(all, count, entry, maxLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination, count);
    }

    // Keeps the newest maxLength entries; an entry older than all of a full history falls off at once.
    private static int Insert(Span<HistoryRecord> all, int count, in HistoryRecord entry, int maxLength)
    {
        var position = count;
        while (position > 0 && all[position - 1].CompareTo(entry) > 0)
        {
            position--;
        }

        if (count >= maxLength)
        {
            if (position == 0)
            {
                return count;
            }

            all[1..position].CopyTo(all);
            all[position - 1] = entry;
            return count;
        }

        all[position..count].CopyTo(all[(position + 1)..]);
        all[position] = entry;
        return count + 1;
    }
}
