using System.Buffers.Binary;
using FASTER.core;

namespace NeuronEngine.Counters.Storage;

/// <summary>
/// FASTER callbacks for all three value kinds. Stateless: everything an operation needs travels in its input.
/// </summary>
/// <remarks>
/// The store runs with <see cref="ConcurrencyControlMode.LockTable"/>: every operation holds its key's
/// hash-bucket latch (shared for reads, exclusive for RMW) while these callbacks run, so
/// <see cref="ConcurrentReader"/> never overlaps <see cref="InPlaceUpdater"/> on the same record and a
/// reader cannot copy a half-shifted history.
/// </remarks>
internal sealed class CounterFunctions : FunctionsBase<SpanByte, SpanByte, CounterInput, CounterOutput, Empty>
{
    public static readonly CounterFunctions Instance = new();

    public override bool SingleReader(ref SpanByte key, ref CounterInput input, ref SpanByte value, ref CounterOutput dst, ref ReadInfo readInfo)
        => Read(ref input, ref value, ref dst);

    public override bool ConcurrentReader(ref SpanByte key, ref CounterInput input, ref SpanByte value, ref CounterOutput dst, ref ReadInfo readInfo)
        => Read(ref input, ref value, ref dst);

    public override bool InitialUpdater(ref SpanByte key, ref CounterInput input, ref SpanByte value, ref CounterOutput output, ref RMWInfo rmwInfo)
    {
        var span = value.AsSpan();
        output.Created = true;
        switch (input.Op)
        {
            case CounterOp.History:
                HistoryValue.Initialize(span, input.Entry);
                break;
            case CounterOp.Item:
                WriteItem(span, input.Amount, 1, ref output);
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(span, input.Amount);
                output.First = input.Amount;
                break;
        }

        return true;
    }

    public override bool InPlaceUpdater(ref SpanByte key, ref CounterInput input, ref SpanByte value, ref CounterOutput output, ref RMWInfo rmwInfo)
    {
        var span = value.AsSpan();
        switch (input.Op)
        {
            case CounterOp.History:
                return HistoryValue.TryInsert(span, input.Entry, input.HistoryLength);
            case CounterOp.Item:
                WriteItem(span, BinaryPrimitives.ReadInt64LittleEndian(span) + input.Amount, BinaryPrimitives.ReadInt64LittleEndian(span[8..]) + 1, ref output);
                return true;
            default:
                UpdateDedup(span, span, ref input, ref output);
                return true;
        }
    }

    public override bool CopyUpdater(ref SpanByte key, ref CounterInput input, ref SpanByte oldValue, ref SpanByte newValue, ref CounterOutput output, ref RMWInfo rmwInfo)
    {
        var source = oldValue.AsReadOnlySpan();
        var destination = newValue.AsSpan();
        switch (input.Op)
        {
            case CounterOp.History:
                HistoryValue.CopyInsert(source, destination, input.Entry, input.HistoryLength);
                break;
            case CounterOp.Item:
                WriteItem(destination, BinaryPrimitives.ReadInt64LittleEndian(source) + input.Amount, BinaryPrimitives.ReadInt64LittleEndian(source[8..]) + 1, ref output);
                break;
            default:
                UpdateDedup(source, destination, ref input, ref output);
                break;
        }

        return true;
    }

    private static bool Read(ref CounterInput input, ref SpanByte value, ref CounterOutput dst)
    {
        var span = value.AsReadOnlySpan();
        switch (input.Op)
        {
            case CounterOp.History:
                if (dst.Buffer is null || dst.Buffer.Length < span.Length)
                {
                    dst.Buffer = new byte[span.Length];
                }

                span.CopyTo(dst.Buffer);
                dst.Length = span.Length;
                break;
            case CounterOp.Item:
                dst.First = BinaryPrimitives.ReadInt64LittleEndian(span);
                dst.Second = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
                break;
            default:
                dst.First = BinaryPrimitives.ReadInt64LittleEndian(span);
                break;
        }

        return true;
    }

    private static void WriteItem(Span<byte> value, long weighted, long events, ref CounterOutput output)
    {
        BinaryPrimitives.WriteInt64LittleEndian(value, weighted);
        BinaryPrimitives.WriteInt64LittleEndian(value[8..], events);
        output.First = weighted;
        output.Second = events;
    }

    // A repeat inside the window leaves the first receive time alone, so the window never slides forward.
    private static void UpdateDedup(ReadOnlySpan<byte> source, Span<byte> destination, ref CounterInput input, ref CounterOutput output)
    {
        var seenAt = BinaryPrimitives.ReadInt64LittleEndian(source);
        output.Duplicate = input.Amount - seenAt < input.WindowMicros;
        var keep = output.Duplicate ? seenAt : input.Amount;
        BinaryPrimitives.WriteInt64LittleEndian(destination, keep);
        output.First = keep;
    }
}
