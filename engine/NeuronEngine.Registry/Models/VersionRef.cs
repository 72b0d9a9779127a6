namespace NeuronEngine.Registry.Models;

/// <summary>One version of one family.</summary>
/// <param name="Family">The family, with its owner tenant.</param>
/// <param name="Version">The version number, from 1.</param>
public readonly record struct VersionRef(FamilyRef Family, int Version)
{
    /// <summary>As a caller that can see the family writes it: <c>name@3</c> or <c>shared/name@3</c>.</summary>
    public override string ToString() => $"{Family}@{Version}";
}
