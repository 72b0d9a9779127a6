namespace NeuronEngine.Server.Console.Tables;

/// <summary>
/// One page of rows, sorted as a <see cref="TableQuery"/> asks (by one of the table's <see cref="TableColumn{T}"/>s,
/// the first column breaking ties), with what the headers and the pager need to render their links.
/// </summary>
internal sealed class TableView<T>
{
    private TableView(TableQuery query, IReadOnlyList<T> rows, string sort, bool descending, int page, int pages, int total)
    {
        Query = query;
        Rows = rows;
        Sort = sort;
        Descending = descending;
        Page = page;
        Pages = pages;
        Total = total;
    }

    public TableQuery Query { get; }

    /// <summary>The rows of this page.</summary>
    public IReadOnlyList<T> Rows { get; }

    /// <summary>The key of the column sorted by.</summary>
    public string Sort { get; }

    public bool Descending { get; }

    /// <summary>The page shown, 1-based.</summary>
    public int Page { get; }

    /// <summary>How many pages there are (at least 1).</summary>
    public int Pages { get; }

    /// <summary>Rows on all pages.</summary>
    public int Total { get; }

    /// <summary>
    /// Sorts and pages <paramref name="items"/>. An unknown sort key falls back to the first column; an unknown direction
    /// to ascending; a page past the last to the last.
    /// </summary>
    public static TableView<T> Of(IEnumerable<T> items, TableQuery query, IReadOnlyList<TableColumn<T>> columns)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(columns);
        var column = columns.FirstOrDefault(c => string.Equals(c.Key, query.Sort, StringComparison.Ordinal)) ?? columns[0];
        var descending = string.Equals(query.Dir, "desc", StringComparison.Ordinal);
        var tieBreak = columns[0].Compare;
        var sorted = items.ToList();
        sorted.Sort((a, b) =>
        {
            var order = column.Compare(a, b);
            order = order != 0 ? order : tieBreak(a, b);
            return descending ? -order : order;
        });

        var pages = Math.Max(1, (sorted.Count + TableQuery.PageSize - 1) / TableQuery.PageSize);
        var page = Math.Clamp(query.Page ?? 1, 1, pages);
        var rows = sorted.Skip((page - 1) * TableQuery.PageSize).Take(TableQuery.PageSize).ToList();
        return new TableView<T>(query, rows, column.Key, descending, page, pages, sorted.Count);
    }
}
