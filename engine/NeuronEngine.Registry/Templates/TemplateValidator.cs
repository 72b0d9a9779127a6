using NeuronEngine.Core;

namespace NeuronEngine.Registry.Templates;

/// <summary>The rules a template's content must meet before the store looks at the database.</summary>
internal static class TemplateValidator
{
    /// <summary>Throws InvalidArgument naming the first field that breaks a rule (<see cref="TemplateRules"/>).</summary>
    public static void Validate(TemplateSpec spec, bool idRequired)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (idRequired || !string.IsNullOrEmpty(spec.TemplateId))
        {
            RegistryRules.Check("template_id", TemplateRules.ValidateTemplateId(spec.TemplateId));
        }

        RegistryRules.Check("name", RegistryRules.ValidateName(spec.Name));

        var count = spec.Signals?.Count ?? 0;
        var signals = new List<TemplateSignalFields>(count);
        for (var i = 0; i < count; i++)
        {
            var signal = spec.Signals![i] ?? throw NeuronException.InvalidArgument($"signals[{i}]", "must not be null");
            signals.Add(new TemplateSignalFields(signal.Type, signal.Weight, signal.Threshold));
        }

        // A Draft's signal may leave its weight unset: it follows the event type's until Publish freezes it.
        var errors = TemplateRules.ValidateContent(signals, spec.MinTotalEvents, spec.TagFilter, weightsRequired: false);
        if (errors.Count > 0)
        {
            NeuronException.ThrowInvalidArgument(errors[0].Field, errors[0].Rule);
        }
    }
}
