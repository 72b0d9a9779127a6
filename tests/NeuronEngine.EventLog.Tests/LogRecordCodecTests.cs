using System.Buffers;
using System.Buffers.Binary;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog.Tests;

public sealed class LogRecordCodecTests
{
    public static TheoryData<string> Cases => new() { "unicode", "null-event-id", "empty-tags", "max-ids", "many-events", "no-events" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WriteRecord_ThenReadPayload_RoundTrips(string name)
    {
        var batch = Sample(name);
        var buffer = new ArrayBufferWriter<byte>();
        var size = LogRecordCodec.WriteRecord(batch, buffer);

        Assert.Equal(size, buffer.WrittenCount);
        var record = buffer.WrittenSpan;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(record);
        Assert.Equal(size - 8, (int)length);
        Assert.Equal(LogRecordCodec.GetPayloadSize(batch), (int)length);

        var expectedCrc = Crc32C.Compute([.. record[..4], .. record[8..]]);
        Assert.Equal(expectedCrc, BinaryPrimitives.ReadUInt32LittleEndian(record[4..]));

        var decoded = LogRecordCodec.ReadPayload(record[8..]);
        Assert.NotNull(decoded);
        TestData.AssertSame(batch, decoded);
    }

    [Fact]
    public void ReadPayload_TruncatedPayload_ThrowsDataLoss()
    {
        var buffer = new ArrayBufferWriter<byte>();
        LogRecordCodec.WriteRecord(Sample("unicode"), buffer);
        var payload = buffer.WrittenSpan[8..].ToArray();
        for (var cut = 1; cut < payload.Length; cut++)
        {
            var ex = Assert.Throws<NeuronException>(() => LogRecordCodec.ReadPayload(payload.AsSpan(0, cut)));
            Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        }
    }

    [Fact]
    public void ReadPayload_UnknownRequiredKind_ThrowsFailedPrecondition_SkippableKindReturnsNull()
    {
        var ex = Assert.Throws<NeuronException>(() => LogRecordCodec.ReadPayload([0x02, 0x00]));
        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
        Assert.Null(LogRecordCodec.ReadPayload([0x80, 0x01, 0x02]));
    }

    [Fact]
    public void WritePayload_KnownBatch_MatchesDocumentedBytes()
    {
        var batch = new EventBatch("t", 2, [new TrackedEvent(null, "u", "i", "c", 5, 1, ["a:b"])]);
        var payload = new byte[LogRecordCodec.GetPayloadSize(batch)];
        LogRecordCodec.WritePayload(batch, payload);
        byte[] expected =
        [
            0x01, 0x01, (byte)'t', 2, 0, 0, 0, 0, 0, 0, 0, 0x01,
            0x00, 0x01, (byte)'u', 0x01, (byte)'i', 0x01, (byte)'c', 5, 1, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x03, (byte)'a', (byte)':', (byte)'b',
        ];
        Assert.Equal(expected, payload);
    }

    [Theory]
    [InlineData(0u, new byte[] { 0x00 })]
    [InlineData(127u, new byte[] { 0x7F })]
    [InlineData(128u, new byte[] { 0x80, 0x01 })]
    [InlineData(300u, new byte[] { 0xAC, 0x02 })]
    [InlineData(uint.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void WriteVarint_Value_IsLeb128(uint value, byte[] expected)
    {
        var span = new byte[5];
        var written = LogRecordCodec.WriteVarint(span, value);
        Assert.Equal(expected, span[..written]);
        Assert.Equal(written, LogRecordCodec.VarintSize(value));
    }

    [Fact]
    public void Crc32C_StandardCheckValue_Matches()
    {
        // The catalogued check value of CRC-32C over "123456789".
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    private static EventBatch Sample(string name) => name switch
    {
        "unicode" => new EventBatch("acme", 42, [new TrackedEvent("ünïcødé-🎉", "用户-1", "élément-é", "like", 3, -5, ["surface:accueil-é", "lang:日本語"])]),
        "null-event-id" => new EventBatch("acme", 1, [new TrackedEvent(null, "u", "i", "click", 1, 10, ["a:b"])]),
        "empty-tags" => new EventBatch("acme", 1, [new TrackedEvent("e", "u", "i", "click", 100, long.MaxValue, [])]),
        "max-ids" => new EventBatch("acme", long.MinValue, [new TrackedEvent(new string('e', 256), new string('u', 256), string.Concat(Enumerable.Repeat("é", 128)), new string('t', 200), 7, 0, [new string('x', 64) + ":" + new string('y', 128)])]),
        "many-events" => TestData.Batch(7, events: 5000),
        _ => new EventBatch("acme", 1, []),
    };
}
