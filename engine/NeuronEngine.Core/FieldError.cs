namespace NeuronEngine.Core;

/// <summary>One broken rule: the field path (<c>signals[1].weight</c>) and what is wrong with it.</summary>
/// <param name="Field">The offending field path.</param>
/// <param name="Rule">The rule it breaks, without the field prefix.</param>
public readonly record struct FieldError(string Field, string Rule)
{
    /// <summary><c>field: rule</c>, as <see cref="NeuronException"/> words a validation failure.</summary>
    public override string ToString() => $"{Field}: {Rule}";
}
