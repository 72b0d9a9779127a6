namespace NeuronEngine.Counters;

/// <summary>One interaction in a user's recent history.</summary>
/// <param name="ItemOrdinal">The item's dense per-tenant ordinal (first-seen order); stable for the life of the store and across recovery.</param>
/// <param name="ItemId">The item id.</param>
/// <param name="Type">The event type.</param>
/// <param name="Weight">The event's weight when it was accepted, 1–100.</param>
/// <param name="TimestampMicros">When the event happened, in microseconds since the Unix epoch (UTC).</param>
public readonly record struct HistoryEntry(int ItemOrdinal, string ItemId, string Type, byte Weight, long TimestampMicros);
