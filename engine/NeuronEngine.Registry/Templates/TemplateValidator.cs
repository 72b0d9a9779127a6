using NeuronEngine.Core;

namespace NeuronEngine.Registry.Templates;

/// <summary>The rules a template's content must meet before the store looks at the database.</summary>
internal static class TemplateValidator
{
    /// <summary>Throws InvalidArgument naming the first field that breaks a rule.</summary>
    public static void Validate(TemplateSpec spec, bool idRequired)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (idRequired || !string.IsNullOrEmpty(spec.TemplateId))
        {
            RegistryRules.Check("template_id", RegistryRules.ValidateTemplateId(spec.TemplateId));
        }

        RegistryRules.Check("name", RegistryRules.ValidateName(spec.Name));

        if (spec.Signals is null || spec.Signals.Count == 0)
        {
            NeuronException.ThrowInvalidArgument("signals", "must name at least one event type");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Signals.Count; i++)
        {
            var signal = spec.Signals[i];
            if (signal is null)
            {
                NeuronException.ThrowInvalidArgument($"signals[{i}]", "must not be null");
            }

            RegistryRules.Check($"signals[{i}].type", RegistryRules.ValidateEventType(signal.Type));
            if (!seen.TryAdd(signal.Type, i))
            {
                NeuronException.ThrowInvalidArgument($"signals[{i}].type", $"event type \"{signal.Type}\" is already in signals[{seen[signal.Type]}]");
            }

            if (signal.Weight is { } weight)
            {
                RegistryRules.Check($"signals[{i}].weight", RegistryRules.ValidateWeight(weight));
            }

            if (signal.Threshold < 0)
            {
                NeuronException.ThrowInvalidArgument($"signals[{i}].threshold", $"must be at least 0, not {signal.Threshold}");
            }
        }

        if (spec.MinTotalEvents < 0)
        {
            NeuronException.ThrowInvalidArgument("min_total_events", $"must be at least 0, not {spec.MinTotalEvents}");
        }

        if (!string.IsNullOrEmpty(spec.TagFilter))
        {
            RegistryRules.Check("tag_filter", FieldRules.ValidateTag(spec.TagFilter));
        }
    }
}
