namespace NeuronEngine.Client.Internal;

/// <summary>Follows a paged listing to its end.</summary>
internal static class Paging
{
    /// <summary>
    /// Every item of every page: asks for the page of token <c>""</c>, then of each page's next token until one is empty.
    /// </summary>
    public static async Task<IReadOnlyList<TItem>> AllAsync<TPage, TItem>(
        Func<string, Task<TPage>> page, Func<TPage, IEnumerable<TItem>> items, Func<TPage, string> next)
    {
        var all = new List<TItem>();
        var token = "";
        do
        {
            var current = await page(token).ConfigureAwait(false);
            all.AddRange(items(current));
            token = next(current);
        }
        while (token.Length > 0);

        return all;
    }
}
