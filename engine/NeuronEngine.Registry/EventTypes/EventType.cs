namespace NeuronEngine.Registry.EventTypes;

/// <summary>An event type of one tenant: the stable string apps send, a display name and how informative it is.</summary>
/// <param name="Type">The stable type string (<c>click</c>), <c>^[a-z][a-z0-9_]{0,63}$</c>; immutable.</param>
/// <param name="Name">Display name, 1–128 characters.</param>
/// <param name="Weight">How informative one event of this type is, 1–100.</param>
/// <param name="Created">When the type was created (UTC).</param>
/// <param name="Updated">When the name or weight last changed (UTC); equals <paramref name="Created"/> until then.</param>
public sealed record EventType(string Type, string Name, int Weight, DateTimeOffset Created, DateTimeOffset Updated);
