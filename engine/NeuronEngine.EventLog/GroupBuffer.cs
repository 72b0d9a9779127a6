using System.Buffers;

namespace NeuronEngine.EventLog;

/// <summary>The growable buffer one group commit serializes into, reused across groups.</summary>
internal sealed class GroupBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] array;
    private int written;

    public GroupBuffer(int initialCapacity) => array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int WrittenCount => written;

    /// <summary>What was written so far; writable, so a header reserved at the start can be filled in last.</summary>
    public Span<byte> WrittenSpan => array.AsSpan(0, written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, array.Length - written);
        written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return array.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return array.AsSpan(written);
    }

    /// <summary>Forgets the contents; gives back an array grown far past <paramref name="keepCapacity"/>.</summary>
    public void Reset(int keepCapacity)
    {
        written = 0;
        if (array.Length > 2 * keepCapacity)
        {
            ArrayPool<byte>.Shared.Return(array);
            array = ArrayPool<byte>.Shared.Rent(keepCapacity);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(array);
        array = [];
        written = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = written + Math.Max(sizeHint, 1);
        if (needed <= array.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan(0, written).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(array);
        array = grown;
    }
}
