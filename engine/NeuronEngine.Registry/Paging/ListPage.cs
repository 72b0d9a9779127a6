namespace NeuronEngine.Registry.Paging;

/// <summary>One page of a listing.</summary>
/// <param name="Items">At most the requested page size (a listing may end a page early; see its method).</param>
/// <param name="NextPageToken">Pass back for the next page; empty when this is the last page.</param>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string NextPageToken);
