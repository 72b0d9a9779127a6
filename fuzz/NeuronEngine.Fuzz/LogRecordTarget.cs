using NeuronEngine.Core;
using NeuronEngine.EventLog;

namespace NeuronEngine.Fuzz;

/// <summary>
/// The event log's record payload decoder. Documented outcomes: a batch, null (a skippable record kind),
/// <see cref="ErrorKind.DataLoss"/> (malformed payload) or <see cref="ErrorKind.FailedPrecondition"/> (unknown required kind).
/// </summary>
internal sealed class LogRecordTarget : FuzzTarget
{
    public override string Name => "log-record";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            LogRecordCodec.ReadPayload(input);
        }
        catch (NeuronException ex) when (ex.Kind is ErrorKind.DataLoss or ErrorKind.FailedPrecondition)
        {
        }
    }

    public override IReadOnlyList<byte[]> Seeds(Random random)
    {
        var seeds = new List<byte[]>();
        for (var s = 0; s < 8; s++)
        {
            var events = new TrackedEvent[random.Next(0, 6)];
            for (var i = 0; i < events.Length; i++)
            {
                string[] tags = [.. Enumerable.Range(0, random.Next(0, 3)).Select(t => $"tag{t}:{Text(random)}")];
                events[i] = new TrackedEvent(random.Next(2) == 0 ? null : Text(random), Text(random), Text(random), random.Next(2) == 0 ? "click" : Text(random), (byte)random.Next(256), random.NextInt64(), tags);
            }

            var batch = new EventBatch(Text(random), random.NextInt64(), events);
            var payload = new byte[LogRecordCodec.GetPayloadSize(batch)];
            LogRecordCodec.WritePayload(batch, payload);
            seeds.Add(payload);
        }

        return seeds;
    }

    /// <summary>1–60 characters, ASCII and beyond (so multi-byte UTF-8 and two-byte length prefixes occur).</summary>
    private static string Text(Random random)
    {
        var chars = new char[random.Next(1, 61)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(4) == 0 ? (char)random.Next(0x80, 0xD800) : (char)random.Next('a', 'z' + 1);
        }

        return new string(chars);
    }
}
