using System.Text.RegularExpressions;
using NeuronEngine.Core;

namespace NeuronEngine.Registry;

/// <summary>Field rules shared by the stores. Each Validate method returns null when valid, otherwise the broken rule.</summary>
internal static partial class RegistryRules
{
    public const int MaxNameLength = 128;
    public const int MinWeight = 1;
    public const int MaxWeight = 100;

    public static string? ValidateEventType(string? type) =>
        string.IsNullOrEmpty(type) ? "must not be empty"
        : EventTypePattern().IsMatch(type) ? null
        : $"\"{Shorten(type)}\" must match ^[a-z][a-z0-9_]{{0,63}}$";

    public static string? ValidateTemplateId(string? id) =>
        string.IsNullOrEmpty(id) ? "must not be empty"
        : TemplateIdPattern().IsMatch(id) ? null
        : $"\"{Shorten(id)}\" must match ^[a-z0-9][a-z0-9_-]{{0,63}}$";

    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "must not be empty"
        : name.Length > MaxNameLength ? $"must be at most {MaxNameLength} characters"
        : null;

    public static string? ValidateWeight(int weight) =>
        weight is >= MinWeight and <= MaxWeight ? null : $"must be between {MinWeight} and {MaxWeight}, not {weight}";

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

    // \z, not $: $ also matches before a trailing newline.
    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateIdPattern();
}
