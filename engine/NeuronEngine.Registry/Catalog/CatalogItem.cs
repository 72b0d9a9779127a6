namespace NeuronEngine.Registry.Catalog;

/// <summary>Something that can be recommended.</summary>
/// <param name="ItemId">1–256 bytes of UTF-8, no control characters; unique per tenant.</param>
/// <param name="Attributes">
/// Up to 64 attributes used by recommendation filters (<c>category=shoes</c>): keys 1–64 characters of
/// <c>[a-zA-Z0-9_.-]</c>, values up to 1024 characters. Read back with keys in ordinal order.
/// </param>
/// <param name="Active">False once deleted: the item is never recommended again but stays readable.</param>
/// <remarks>Equality of <see cref="Attributes"/> is by reference, as for any dictionary in a record.</remarks>
public sealed record CatalogItem(string ItemId, IReadOnlyDictionary<string, string> Attributes, bool Active = true);
