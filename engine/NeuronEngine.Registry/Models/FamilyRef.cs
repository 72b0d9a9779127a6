using NeuronEngine.Core;

namespace NeuronEngine.Registry.Models;

/// <summary>
/// Names a model family: the tenant that owns it and its name. A tenant writes its own family as <c>name</c> and a
/// base family of the <c>shared</c> tenant as <c>shared/name</c>; this is the one place that text is parsed and formatted.
/// </summary>
/// <param name="OwnerTenant">The tenant whose family it is (<c>shared</c> for base families).</param>
/// <param name="Name">The family name, <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>.</param>
public readonly record struct FamilyRef(string OwnerTenant, string Name)
{
    /// <summary>The prefix that names a base family of the <c>shared</c> tenant.</summary>
    public const string SharedPrefix = TenantId.Shared + "/";

    /// <summary>True for a base family every tenant may see and serve.</summary>
    public bool IsShared => OwnerTenant == TenantId.Shared;

    /// <summary>
    /// Parses what <paramref name="callerTenant"/> wrote: <c>name</c> is the caller's own family, <c>shared/name</c> a
    /// shared base family. Throws InvalidArgument (<c>family</c>) for anything else, including another tenant's prefix.
    /// </summary>
    public static FamilyRef Parse(string callerTenant, string? text)
    {
        RegistryRules.RequireTenant(callerTenant);
        if (string.IsNullOrEmpty(text))
        {
            NeuronException.ThrowInvalidArgument("family", "must not be empty");
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            RegistryRules.Check("family", ModelRules.ValidateFamilyName(text));
            return new FamilyRef(callerTenant, text);
        }

        if (!text.StartsWith(SharedPrefix, StringComparison.Ordinal))
        {
            NeuronException.ThrowInvalidArgument(
                "family", $"\"{RegistryRules.Shorten(text)}\" must be a family name, or shared/<name> for a shared base family");
        }

        var name = text[SharedPrefix.Length..];
        RegistryRules.Check("family", ModelRules.ValidateFamilyName(name));
        return new FamilyRef(TenantId.Shared, name);
    }

    /// <summary>
    /// The text a tenant that can see this family uses for it: <c>shared/name</c> for a base family, otherwise
    /// <c>name</c> (only the owner can see a non-shared family, and to the owner it is its plain name).
    /// </summary>
    public override string ToString() => IsShared ? SharedPrefix + Name : Name ?? string.Empty;
}
