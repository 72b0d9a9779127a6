using System.Collections.Concurrent;

namespace NeuronEngine.Counters.State;

/// <summary>
/// Maps strings (item ids, event types) to dense ordinals in first-seen order and back.
/// One writer adds; any number of readers look up concurrently without locks.
/// </summary>
internal sealed class StringInterner
{
    private readonly ConcurrentDictionary<string, int> ordinals = new(StringComparer.Ordinal);
    private string[] names = new string[16];
    private int count;

    public int Count => Volatile.Read(ref count);

    public bool TryGetOrdinal(string value, out int ordinal) => ordinals.TryGetValue(value, out ordinal);

    /// <summary>Writer only.</summary>
    public int GetOrAdd(string value, out bool added)
    {
        if (ordinals.TryGetValue(value, out var ordinal))
        {
            added = false;
            return ordinal;
        }

        ordinal = count;
        var names = this.names;
        if (ordinal == names.Length)
        {
            Array.Resize(ref names, names.Length * 2);
            Volatile.Write(ref this.names, names);
        }

        names[ordinal] = value;
        ordinals[value] = ordinal;

        // Publishing the count last means a reader that sees the ordinal also sees its name.
        Volatile.Write(ref count, ordinal + 1);
        added = true;
        return ordinal;
    }

    /// <summary>The string for <paramref name="ordinal"/>, or null when it is unknown.</summary>
    public string? NameOf(int ordinal)
    {
        var count = Volatile.Read(ref this.count);
        var names = Volatile.Read(ref this.names);
        return (uint)ordinal < (uint)count && ordinal < names.Length ? names[ordinal] : null;
    }

    /// <summary>All strings in ordinal order. Call only while the writer is idle.</summary>
    public ReadOnlySpan<string> Snapshot() => names.AsSpan(0, count);
}
