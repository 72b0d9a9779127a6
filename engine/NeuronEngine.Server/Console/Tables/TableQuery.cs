namespace NeuronEngine.Server.Console.Tables;

/// <summary>
/// How one table of a page is sorted and paged, as its query string says: <c>?sort=weight&amp;dir=desc&amp;page=2</c>.
/// A page with two tables gives the second a prefix (<c>tsort</c>, <c>tdir</c>, <c>tpage</c>), so both keep their state
/// in the URL, and links and the back button work without JavaScript.
/// </summary>
/// <param name="Prefix">Put before <c>sort</c>, <c>dir</c> and <c>page</c>; empty for a page's first table.</param>
/// <param name="Sort">The column key, or null for the table's default.</param>
/// <param name="Dir"><c>asc</c> or <c>desc</c>, or null for the column's default.</param>
/// <param name="Page">1-based; null or out of range is clamped.</param>
public sealed record TableQuery(string Prefix, string? Sort, string? Dir, int? Page)
{
    /// <summary>A query string's page number: anything but a whole number (<c>?page=abc</c>) is the first page, not an error.</summary>
    public TableQuery(string prefix, string? sort, string? dir, string? page)
        : this(prefix, sort, dir, int.TryParse(page, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null)
    {
    }

    /// <summary>Rows on one page.</summary>
    public const int PageSize = 20;

    public string SortParameter => Prefix + "sort";

    public string DirParameter => Prefix + "dir";

    public string PageParameter => Prefix + "page";
}
