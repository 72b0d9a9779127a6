using System.Collections.Concurrent;

namespace NeuronEngine.Counters.State;

/// <summary>
/// Maps strings (item ids, event types) to dense ordinals in first-seen order and back.
/// One writer adds; any number of readers look up concurrently without locks.
/// </summary>
internal sealed class StringInterner
{
    private readonly ConcurrentDictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private string[] _names = new string[16];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryGetOrdinal(string value, out int ordinal) => _ordinals.TryGetValue(value, out ordinal);

    /// <summary>Writer only.</summary>
    public int GetOrAdd(string value, out bool added)
    {
        if (_ordinals.TryGetValue(value, out var ordinal))
        {
            added = false;
            return ordinal;
        }

        ordinal = _count;
        var names = _names;
        if (ordinal == names.Length)
        {
            Array.Resize(ref names, names.Length * 2);
            Volatile.Write(ref _names, names);
        }

        names[ordinal] = value;
        _ordinals[value] = ordinal;

        // Publishing the count last means a reader that sees the ordinal also sees its name.
        Volatile.Write(ref _count, ordinal + 1);
        added = true;
        return ordinal;
    }

    /// <summary>The string for <paramref name="ordinal"/>, or null when it is unknown.</summary>
    public string? NameOf(int ordinal)
    {
        var count = Volatile.Read(ref _count);
        var names = Volatile.Read(ref _names);
        return (uint)ordinal < (uint)count && ordinal < names.Length ? names[ordinal] : null;
    }

    /// <summary>All strings in ordinal order. Call only while the writer is idle.</summary>
    public ReadOnlySpan<string> Snapshot() => _names.AsSpan(0, _count);
}
