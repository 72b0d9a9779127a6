namespace NeuronEngine.Registry.Templates;

/// <summary>One signal as a client writes it into a template.</summary>
/// <param name="Type">An event type of the tenant.</param>
/// <param name="Weight">1–100, or null to use the event type's weight.</param>
/// <param name="Threshold">Minimum number of events of this type before the type is used in training; at least 0.</param>
public sealed record SignalSpec(string Type, int? Weight, long Threshold);
