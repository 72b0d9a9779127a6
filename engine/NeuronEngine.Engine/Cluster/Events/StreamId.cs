using System.Globalization;

namespace NeuronEngine.Engine.Cluster.Events;

/// <summary>A Redis stream entry id, <c>milliseconds-sequence</c>, ordered as Redis orders them.</summary>
internal readonly record struct StreamId(ulong Milliseconds, ulong Sequence) : IComparable<StreamId>
{
    /// <summary>Before every entry (<c>0-0</c>).</summary>
    public static StreamId Zero => default;

    public static StreamId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && ulong.TryParse(value.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && ulong.TryParse(value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? new StreamId(ms, seq)
            : throw new FormatException($"not a stream entry id: \"{value}\"");
    }

    public int CompareTo(StreamId other)
    {
        var ms = Milliseconds.CompareTo(other.Milliseconds);
        return ms != 0 ? ms : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(StreamId a, StreamId b) => a.CompareTo(b) < 0;

    public static bool operator >(StreamId a, StreamId b) => a.CompareTo(b) > 0;

    public static bool operator <=(StreamId a, StreamId b) => a.CompareTo(b) <= 0;

    public static bool operator >=(StreamId a, StreamId b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
