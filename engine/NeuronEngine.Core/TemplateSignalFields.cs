namespace NeuronEngine.Core;

/// <summary>One signal of a template as <see cref="TemplateRules"/> checks it, whichever side holds the template.</summary>
/// <param name="Type">The event type.</param>
/// <param name="Weight">1–100; null in a Draft whose signal follows the event type's weight (never in a frozen template).</param>
/// <param name="Threshold">The fewest events of this type before the type is used; 0 or more.</param>
public readonly record struct TemplateSignalFields(string? Type, int? Weight, long Threshold);
