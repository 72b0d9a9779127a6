namespace NeuronEngine.Registry.Models;

/// <summary>A model family as one tenant sees it in a listing.</summary>
/// <param name="Family">The family; <c>shared</c> as owner for a base family.</param>
/// <param name="LatestVersion">The highest version number registered.</param>
/// <param name="ProductionVersion">The version of this family the listing tenant's <c>production</c> endpoint serves, or null.</param>
/// <param name="Created">When its first version was registered (UTC).</param>
public sealed record ModelFamily(FamilyRef Family, int LatestVersion, int? ProductionVersion, DateTimeOffset Created);
