namespace NeuronEngine.Trainer.Datasets;

/// <summary>One signal of a frozen template: which event type counts, how much, and how many events it needs.</summary>
/// <param name="Type">The event type (<c>click</c>), compared ordinally.</param>
/// <param name="Weight">The interaction weight this signal gives, 1–100 (<see cref="NeuronEngine.Core.TemplateRules"/>).</param>
/// <param name="Threshold">The fewest events (in the tenant, window and tag scope) the signal needs to be used; 0 or more.</param>
internal sealed record TemplateSignal(string Type, int Weight, long Threshold);
