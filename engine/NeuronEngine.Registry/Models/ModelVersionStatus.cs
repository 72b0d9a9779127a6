namespace NeuronEngine.Registry.Models;

/// <summary>Where a model version is in review. Only Approved versions can be promoted.</summary>
public enum ModelVersionStatus
{
    /// <summary>Registered and waiting for a person to approve it.</summary>
    Pending = 1,

    /// <summary>Approved: it may be promoted to an endpoint.</summary>
    Approved = 2,
}
