using System.Runtime.CompilerServices;
using NeuronEngine.Counters.Storage;

namespace NeuronEngine.Counters.Tests.Storage;

public sealed class HistoryValueTests
{
    /// <summary>Pins the bug where auto-property backing fields padded the entry to 24 bytes and broke capacity maths.</summary>
    [Fact]
    public void HistoryRecord_Size_IsSixteenBytes() => Assert.Equal(HistoryValue.EntrySize, Unsafe.SizeOf<HistoryRecord>());

    [Fact]
    public void TryInsert_FullBelowMax_ReturnsFalseThenCopyInsertGrows()
    {
        var value = new byte[HistoryValue.PayloadLength(2)];
        HistoryValue.Initialize(value, Record(10));
        Assert.True(HistoryValue.TryInsert(value, Record(20), maxLength: 5));

        Assert.False(HistoryValue.TryInsert(value, Record(15), maxLength: 5));

        var grown = new byte[HistoryValue.GrownPayloadLength(value, maxLength: 5)];
        HistoryValue.CopyInsert(value, grown, Record(15), maxLength: 5);
        Assert.Equal(HistoryValue.PayloadLength(4), grown.Length);
        Assert.Equal([10L, 15, 20], Times(grown));
    }

    [Fact]
    public void TryInsert_HistoryLengthLowered_KeepsNewest()
    {
        var value = new byte[HistoryValue.PayloadLength(4)];
        HistoryValue.Initialize(value, Record(1));
        foreach (var ts in new long[] { 2, 3, 4 })
        {
            Assert.True(HistoryValue.TryInsert(value, Record(ts), maxLength: 4));
        }

        Assert.True(HistoryValue.TryInsert(value, Record(5), maxLength: 2));

        Assert.Equal([4L, 5], Times(value));
    }

    [Fact]
    public void GrownPayloadLength_NeverPastMax()
    {
        var value = new byte[HistoryValue.PayloadLength(4)];
        HistoryValue.Initialize(value, Record(1));
        for (var ts = 2; ts <= 4; ts++)
        {
            HistoryValue.TryInsert(value, Record(ts), maxLength: 6);
        }

        Assert.Equal(HistoryValue.PayloadLength(6), HistoryValue.GrownPayloadLength(value, maxLength: 6));
    }

    private static HistoryRecord Record(long ts) => new(ts, (int)ts, 0, 1);

    private static long[] Times(byte[] value) => HistoryValue.Entries(value).ToArray().Select(r => r.TimestampMicros).ToArray();
}
