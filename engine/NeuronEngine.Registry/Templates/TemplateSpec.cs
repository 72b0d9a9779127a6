namespace NeuronEngine.Registry.Templates;

/// <summary>The editable content of a signal template, as sent to create or update one.</summary>
/// <param name="TemplateId">
/// <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>. On create, null or empty lets the store generate one; on update it names the template.
/// </param>
/// <param name="Name">Display name, 1–128 characters.</param>
/// <param name="Signals">At least one signal, no event type twice.</param>
/// <param name="MinTotalEvents">Below this many matching events in total a run refuses to start; at least 0.</param>
/// <param name="TagFilter">Empty/null for all events, or one tag (<c>surface:home</c>) events must carry.</param>
public sealed record TemplateSpec(
    string? TemplateId,
    string Name,
    IReadOnlyList<SignalSpec> Signals,
    long MinTotalEvents = 0,
    string? TagFilter = null);
