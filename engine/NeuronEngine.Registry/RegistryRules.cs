using NeuronEngine.Core;

namespace NeuronEngine.Registry;

/// <summary>Field rules shared by the stores (the template and event type rules live in <see cref="TemplateRules"/>). Each Validate method returns null when valid, otherwise the broken rule.</summary>
internal static class RegistryRules
{
    public const int MaxNameLength = 128;

    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "must not be empty"
        : name.Length > MaxNameLength ? $"must be at most {MaxNameLength} characters"
        : null;

    /// <summary>Throws when <paramref name="tenant"/> is not a valid tenant name; every store call starts here.</summary>
    public static void RequireTenant(string? tenant)
    {
        if (TenantId.Validate(tenant) is { } rule)
        {
            NeuronException.ThrowInvalidArgument("tenant", rule);
        }
    }

    /// <summary>Throws <see cref="ErrorKind.InvalidArgument"/> for <paramref name="field"/> when <paramref name="rule"/> is set.</summary>
    public static void Check(string field, string? rule)
    {
        if (rule is not null)
        {
            NeuronException.ThrowInvalidArgument(field, rule);
        }
    }

    public static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
