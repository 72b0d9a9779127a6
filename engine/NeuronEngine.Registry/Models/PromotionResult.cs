namespace NeuronEngine.Registry.Models;

/// <summary>How a finished promotion ended.</summary>
public enum PromotionResult
{
    /// <summary>The endpoint serves the promoted version.</summary>
    Succeeded = 1,

    /// <summary>The endpoint kept what it served before; the promotion records why.</summary>
    Failed = 2,
}
