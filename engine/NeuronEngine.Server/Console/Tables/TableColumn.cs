namespace NeuronEngine.Server.Console.Tables;

/// <summary>A sortable column: its key in the query string and how it orders two rows (ascending).</summary>
internal sealed record TableColumn<T>(string Key, Comparison<T> Compare)
{
    /// <summary>Orders by a text, ignoring case, then ordinally.</summary>
    public static TableColumn<T> ByText(string key, Func<T, string?> text) => new(key, (a, b) =>
    {
        var byCase = string.Compare(text(a), text(b), StringComparison.OrdinalIgnoreCase);
        return byCase != 0 ? byCase : string.CompareOrdinal(text(a), text(b));
    });

    /// <summary>Orders by a number (or any comparable value).</summary>
    public static TableColumn<T> By<TKey>(string key, Func<T, TKey> value)
        where TKey : IComparable<TKey> => new(key, (a, b) => value(a).CompareTo(value(b)));
}
