using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// A run's frozen copy of the engine's Published signal template: later edits of the template never change a run
/// that already started, so the run's datasets can be rebuilt exactly.
/// </summary>
/// <param name="TemplateId">The template's id, recorded in the split report.</param>
/// <param name="Signals">The event types that become interactions; at least one, types distinct.</param>
/// <param name="MinTotalEvents">The fewest events the passing signals must have together; 0 or more.</param>
/// <param name="TagFilter">When set, only events carrying this exact tag (<c>surface:home</c>) count.</param>
internal sealed record FrozenTemplate(string TemplateId, IReadOnlyList<TemplateSignal> Signals, long MinTotalEvents, string? TagFilter = null)
{
    /// <summary>The lightest and heaviest signal weight the engine accepts.</summary>
    public const float MinWeight = 1, MaxWeight = 100;

    /// <summary>Returns every broken rule (empty when the template is usable), each prefixed with its field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(TemplateId))
        {
            errors.Add("template.id: must not be empty");
        }

        if (Signals is null || Signals.Count == 0)
        {
            errors.Add("template.signals: must name at least one signal");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Signals.Count; i++)
            {
                var s = Signals[i];
                if (string.IsNullOrEmpty(s.Type))
                {
                    errors.Add($"template.signals[{i}].type: must not be empty");
                }
                else if (!seen.Add(s.Type))
                {
                    errors.Add($"template.signals[{i}].type: \"{s.Type}\" appears more than once");
                }

                if (!(s.Weight >= MinWeight && s.Weight <= MaxWeight))
                {
                    errors.Add($"template.signals[{i}].weight: must be {MinWeight}–{MaxWeight}, got {s.Weight}");
                }

                if (s.Threshold < 0)
                {
                    errors.Add($"template.signals[{i}].threshold: must be 0 or more, got {s.Threshold}");
                }
            }
        }

        if (MinTotalEvents < 0)
        {
            errors.Add($"template.min_total_events: must be 0 or more, got {MinTotalEvents}");
        }

        if (TagFilter is not null && FieldRules.ValidateTag(TagFilter) is { } tagRule)
        {
            errors.Add($"template.tag_filter: {tagRule}");
        }

        return errors;
    }

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
