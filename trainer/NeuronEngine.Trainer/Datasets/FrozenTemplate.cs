using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// A run's frozen copy of the engine's Published signal template: later edits of the template never change a run
/// that already started, so the run's datasets can be rebuilt exactly.
/// </summary>
/// <param name="TemplateId">The template's id (<c>^[a-z0-9][a-z0-9_-]{0,63}$</c>), recorded in the split report.</param>
/// <param name="Signals">The event types that become interactions; at least one, types distinct.</param>
/// <param name="MinTotalEvents">The fewest events the passing signals must have together; 0 or more.</param>
/// <param name="TagFilter">When set, only events carrying this exact tag (<c>surface:home</c>) count.</param>
internal sealed record FrozenTemplate(string TemplateId, IReadOnlyList<TemplateSignal> Signals, long MinTotalEvents, string? TagFilter = null)
{
    /// <summary>
    /// Returns every broken rule (empty when the template is usable), each prefixed with its field
    /// (<c>template.signals[0].weight</c>): the engine's template rules (<see cref="TemplateRules.ValidateFrozen"/>).
    /// </summary>
    public IReadOnlyList<string> Validate() =>
    [
        .. TemplateRules.ValidateFrozen(TemplateId, Signals?.Select(s => new TemplateSignalFields(s.Type, s.Weight, s.Threshold)).ToList(), MinTotalEvents, TagFilter)
            .Select(e => $"template.{e}"),
    ];

    /// <summary>Throws InvalidArgument listing every broken rule, when there is one.</summary>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
        }
    }

    /// <summary>The signal for <paramref name="type"/>, or null when the template does not use that type.</summary>
    public TemplateSignal? Find(string type)
    {
        foreach (var s in Signals)
        {
            if (string.Equals(s.Type, type, StringComparison.Ordinal))
            {
                return s;
            }
        }

        return null;
    }
}
