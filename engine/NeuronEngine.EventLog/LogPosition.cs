namespace NeuronEngine.EventLog;

/// <summary>
/// A place in the event log: the byte offset from the start of the whole log (across segments).
/// A record "at" a position starts there; "up to" a position means every record that ends at or before it.
/// </summary>
public readonly record struct LogPosition(long Offset) : IComparable<LogPosition>
{
    /// <summary>The start of the log.</summary>
    public static LogPosition Start => default;

    public int CompareTo(LogPosition other) => Offset.CompareTo(other.Offset);

    public static bool operator <(LogPosition left, LogPosition right) => left.Offset < right.Offset;

    public static bool operator >(LogPosition left, LogPosition right) => left.Offset > right.Offset;

    public static bool operator <=(LogPosition left, LogPosition right) => left.Offset <= right.Offset;

    public static bool operator >=(LogPosition left, LogPosition right) => left.Offset >= right.Offset;

    public override string ToString() => Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
