namespace NeuronEngine.Registry.Templates;

/// <summary>Where a signal template is in its life. Only Published templates train.</summary>
public enum TemplateStatus
{
    /// <summary>Editable; signal weights left unset follow the event type's current weight.</summary>
    Draft = 1,

    /// <summary>Frozen: effective weights are fixed and the template can no longer be edited, so runs are reproducible.</summary>
    Published = 2,
}
