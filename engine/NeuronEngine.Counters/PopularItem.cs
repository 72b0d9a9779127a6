namespace NeuronEngine.Counters;

/// <summary>An item in a tenant's most-popular list.</summary>
/// <param name="ItemId">The item id.</param>
/// <param name="ItemOrdinal">The item's dense per-tenant ordinal.</param>
/// <param name="WeightedCount">The sum of the weights of its events.</param>
/// <param name="EventCount">How many events it received.</param>
public readonly record struct PopularItem(string ItemId, int ItemOrdinal, long WeightedCount, long EventCount);
