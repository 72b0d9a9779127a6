using System.Buffers.Binary;

namespace NeuronEngine.EventLog.Tests;

public sealed class GroupHeaderTests
{
    [Fact]
    public void Write_ThenTryReadRecord_RoundTripsEveryField()
    {
        var group = new byte[GroupHeader.RecordSize + 40];
        Random.Shared.NextBytes(group.AsSpan(GroupHeader.RecordSize));
        GroupHeader.Write(group, position: 1234, syncedThrough: 1000);

        Assert.True(GroupHeader.TryReadRecord(group.AsSpan(0, GroupHeader.RecordSize), 1234, out var header));
        Assert.Equal(new GroupHeader(1234, 1000, 40, Crc32C.Compute(group.AsSpan(GroupHeader.RecordSize))), header);
        Assert.Equal(GroupHeader.PayloadSize, (int)BinaryPrimitives.ReadUInt32LittleEndian(group));
        Assert.Equal(LogFormat.KindGroupHeader, group[LogFormat.RecordHeaderSize]);
    }

    [Fact]
    public void Write_TheWorkedExampleInTheArchitectureDoc_MatchesItByteForByte()
    {
        byte[] record = Convert.FromHexString("21000000A74E0C3B" + "010174020000000000000001000175016901630501000000000000000103613A62");
        var group = new byte[GroupHeader.RecordSize + record.Length];
        record.CopyTo(group, GroupHeader.RecordSize);
        GroupHeader.Write(group, position: 0, syncedThrough: 0);

        Assert.Equal("1900000020EE55D880" + "0000000000000000" + "0000000000000000" + "29000000" + "35ED61A7", Convert.ToHexString(group, 0, GroupHeader.RecordSize));
    }

    [Fact]
    public void TryReadRecord_AnywhereButItsOwnPosition_IsFalse()
    {
        var group = new byte[GroupHeader.RecordSize + 8];
        GroupHeader.Write(group, position: 500, syncedThrough: 500);

        Assert.False(GroupHeader.TryReadRecord(group.AsSpan(0, GroupHeader.RecordSize), 533, out _));
        Assert.True(GroupHeader.TryReadRecord(group.AsSpan(0, GroupHeader.RecordSize), 500, out _));
    }

    [Fact]
    public void TryReadRecord_WatermarkPastItself_IsFalse()
    {
        // A group cannot have been written after an fsync that covered bytes past its own start.
        var group = new byte[GroupHeader.RecordSize + 8];
        GroupHeader.Write(group, position: 500, syncedThrough: 501);
        Assert.False(GroupHeader.TryReadRecord(group.AsSpan(0, GroupHeader.RecordSize), 500, out _));
    }

    [Fact]
    public void TryReadRecord_AnyFlippedBit_IsFalse()
    {
        var group = new byte[GroupHeader.RecordSize + 8];
        GroupHeader.Write(group, position: 64, syncedThrough: 32);
        for (var bit = 0; bit < GroupHeader.RecordSize * 8; bit++)
        {
            var damaged = group.AsSpan(0, GroupHeader.RecordSize).ToArray();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(GroupHeader.TryReadRecord(damaged, 64, out _), $"bit {bit}");
        }
    }

    [Fact]
    public void ReadPayload_GroupHeader_IsSkippedLikeAnySkippableKind()
    {
        // What lets readers that predate group headers read the log unchanged.
        var group = new byte[GroupHeader.RecordSize + 8];
        GroupHeader.Write(group, position: 0, syncedThrough: 0);
        Assert.Null(LogRecordCodec.ReadPayload(group.AsSpan(LogFormat.RecordHeaderSize, GroupHeader.PayloadSize)));
    }
}
