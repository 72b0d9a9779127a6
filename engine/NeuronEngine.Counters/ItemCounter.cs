namespace NeuronEngine.Counters;

/// <summary>An item's counters.</summary>
/// <param name="ItemOrdinal">The item's dense per-tenant ordinal.</param>
/// <param name="WeightedCount">The sum of the weights of its events.</param>
/// <param name="EventCount">How many events it received.</param>
public readonly record struct ItemCounter(int ItemOrdinal, long WeightedCount, long EventCount);
