namespace NeuronEngine.EventLog;

/// <summary>
/// One behaviour event as it is stored in the log: already validated, with the weight its event
/// type had when it was accepted (so a replay gives the same counters even after the weight changes).
/// </summary>
/// <param name="EventId">The client's idempotency key, or null when the client sent none.</param>
/// <param name="UserId">1–256 bytes of UTF-8.</param>
/// <param name="ItemId">1–256 bytes of UTF-8.</param>
/// <param name="Type">The event type string (<c>click</c>).</param>
/// <param name="Weight">The event type's weight at acceptance, 1–100.</param>
/// <param name="TimestampMicros">When the event happened, in microseconds since the Unix epoch (UTC).</param>
/// <param name="Tags">Scoping tags such as <c>surface:home</c>; never null, often empty.</param>
public readonly record struct TrackedEvent(
    string? EventId,
    string UserId,
    string ItemId,
    string Type,
    byte Weight,
    long TimestampMicros,
    string[] Tags);
