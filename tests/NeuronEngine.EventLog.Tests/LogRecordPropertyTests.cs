using System.Buffers;
using CsCheck;
using NeuronEngine.Core;
using Xunit.Abstractions;

namespace NeuronEngine.EventLog.Tests;

/// <summary>
/// The record decoder on any bytes: a batch that encodes decodes to itself; damaged payloads and segments decode or
/// fail with the documented errors only (DataLoss for a malformed payload, FailedPrecondition for an unknown required
/// kind; the scanner reports Incomplete or Corrupt for bad framing) — never IndexOutOfRange, Overflow or the like.
/// </summary>
public sealed class LogRecordPropertyTests(ITestOutputHelper output)
{
    /// <summary>Ids as the validator lets through (BMP text, no control characters), 1–100 characters.</summary>
    private static readonly Gen<string> Id = Gen.Char['\u0020', '\uD7FF'].Array[1, 100].Select(c => new string(c));

    private static readonly Gen<TrackedEvent> Event = Gen.Select(
        Id.Null(), Id, Id, Gen.OneOf(Gen.Const("click"), Id), Gen.Byte, Gen.Long, Id.Array[0, 4],
        (eventId, user, item, type, weight, micros, tags) => new TrackedEvent(eventId, user, item, type, weight, micros, tags));

    private static readonly Gen<EventBatch> Batch = Gen.Select(Id, Gen.Long, Event.Array[0, 20], (tenant, at, events) => new EventBatch(tenant, at, events));

    private static readonly byte[] ValidPayload = Payload(TestData.Batch(3, events: 4));

    [Fact]
    public void ReadPayload_AnyEncodedBatch_RoundTrips()
    {
        Properties.Run("log-record-roundtrip", Batch, batch =>
        {
            var decoded = LogRecordCodec.ReadPayload(Payload(batch));
            Assert.NotNull(decoded);
            TestData.AssertSame(batch, decoded);
        }, 1000, output);
    }

    [Fact]
    public void ReadPayload_DamagedOrRandomPayload_DecodesOrThrowsDocumentedError()
    {
        var damaged = Gen.OneOf(
            Properties.Mutations(ValidPayload),
            Batch.SelectMany(b => Properties.Mutations(Payload(b))),
            Gen.Byte.Array[0, 200],
            Gen.Byte.Array[0, 200].Select(b => (byte[])[LogFormat.KindEventBatch, .. b]));
        Properties.Run("log-record-decode", damaged, DecodeOrDocumentedError, 30_000, output);
    }

    [Fact]
    public void SegmentScanner_DamagedRecords_ReportsStatusOrDocumentedError()
    {
        var segment = Batch.Array[1, 4].Select(Records).SelectMany(Properties.Mutations);
        var grouped = Gen.Select(Batch.Array[1, 3].Array[1, 3], Gen.Bool, Groups).SelectMany(Properties.Mutations);
        Properties.Run("log-segment-scan", Gen.OneOf(segment, grouped, Gen.Byte.Array[0, 300]), Scan, 5000, output);
    }

    private static void DecodeOrDocumentedError(byte[] payload)
    {
        try
        {
            LogRecordCodec.ReadPayload(payload);
        }
        catch (NeuronException ex) when (ex.Kind is ErrorKind.DataLoss or ErrorKind.FailedPrecondition)
        {
        }
    }

    private static void Scan(byte[] records)
    {
        // A base of 32 makes file offset 0 log position 0, where the generated groups say they are.
        var scanner = new SegmentScanner(new SegmentFile(LogFormat.SegmentHeaderSize, "fuzz.seg"), new MemoryStream(records), 0);
        try
        {
            var count = 0;
            ScanStatus status;
            while ((status = scanner.NextAsync().AsTask().GetAwaiter().GetResult()) == ScanStatus.Record)
            {
                count++;
                try
                {
                    scanner.DecodePayload();
                }
                catch (NeuronException ex) when (ex.Kind is ErrorKind.DataLoss or ErrorKind.FailedPrecondition)
                {
                }
            }

            Assert.True(status is ScanStatus.End or ScanStatus.Incomplete or ScanStatus.Corrupt, $"{status} after {count} records");
            Assert.InRange(scanner.RecordOffset, 0, records.Length);
        }
        finally
        {
            scanner.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static byte[] Payload(EventBatch batch)
    {
        var payload = new byte[LogRecordCodec.GetPayloadSize(batch)];
        LogRecordCodec.WritePayload(batch, payload);
        return payload;
    }

    /// <summary>Groups as the writer frames them: a header (watermark at the group, or 0) then the group's records.</summary>
    private static byte[] Groups(EventBatch[][] groups, bool synced)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var group in groups)
        {
            var body = Records(group);
            var framed = new byte[GroupHeader.RecordSize + body.Length];
            body.CopyTo(framed, GroupHeader.RecordSize);
            GroupHeader.Write(framed, buffer.WrittenCount, synced ? buffer.WrittenCount : 0);
            buffer.Write(framed);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Records(EventBatch[] batches)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var batch in batches)
        {
            LogRecordCodec.WriteRecord(batch, buffer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
