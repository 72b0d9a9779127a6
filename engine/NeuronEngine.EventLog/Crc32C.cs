using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;

namespace NeuronEngine.EventLog;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF), the same value
/// iSCSI, ext4 and RocksDB use; <see cref="BitOperations.Crc32C(uint, ulong)"/> maps to the SSE4.2/ARMv8 instruction.
/// </summary>
internal static class Crc32C
{
    public const uint Seed = 0xFFFFFFFF;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Seed, data));

    public static uint Finish(uint state) => ~state;

    /// <summary>Continues a running (not yet finished) CRC state over more bytes.</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }

    public static uint Append(uint state, in ReadOnlySequence<byte> data)
    {
        foreach (var memory in data)
        {
            state = Append(state, memory.Span);
        }

        return state;
    }
}
