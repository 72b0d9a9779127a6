namespace NeuronEngine.Registry.Templates;

/// <summary>A signal template: which event types train a model, with which weights and thresholds.</summary>
/// <param name="TemplateId">Unique per tenant.</param>
/// <param name="Name">Display name.</param>
/// <param name="Signals">In the order the client gave them.</param>
/// <param name="MinTotalEvents">Below this many matching events in total a run refuses to start.</param>
/// <param name="TagFilter">Empty for all events, otherwise the tag events must carry.</param>
/// <param name="Status">Draft or Published.</param>
/// <param name="Created">When it was created (UTC).</param>
/// <param name="Updated">When it last changed, including publication (UTC).</param>
/// <param name="Published">When it was published (UTC), or null for a Draft.</param>
/// <remarks>Equality of <see cref="Signals"/> is by reference, as for any list in a record.</remarks>
public sealed record Template(
    string TemplateId,
    string Name,
    IReadOnlyList<TemplateSignal> Signals,
    long MinTotalEvents,
    string TagFilter,
    TemplateStatus Status,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    DateTimeOffset? Published);
