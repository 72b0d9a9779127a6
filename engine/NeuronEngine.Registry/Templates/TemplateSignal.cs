namespace NeuronEngine.Registry.Templates;

/// <summary>One signal of a stored template, with its effective weight.</summary>
/// <param name="Type">The event type.</param>
/// <param name="Weight">
/// The effective weight: the frozen one for a Published template; for a Draft the weight the client set, else the
/// event type's current weight. Null only in a Draft whose event type has been deleted since.
/// </param>
/// <param name="WeightInherited">True when the client left the weight unset, so it came from the event type.</param>
/// <param name="Threshold">Minimum number of events of this type before the type is used in training.</param>
public sealed record TemplateSignal(string Type, int? Weight, bool WeightInherited, long Threshold);
