using System.Text.RegularExpressions;

namespace NeuronEngine.Registry.Models;

/// <summary>Field rules of the model store. Each Validate method returns null when valid, otherwise the broken rule.</summary>
internal static partial class ModelRules
{
    public const int MaxLabelLength = 128;
    public const int MaxDescriptionLength = 4000;
    public const int MaxRunIdLength = 64;
    public const int MaxActorLength = 128;
    public const int MaxMetricNameLength = 128;

    public static string? ValidateFamilyName(string? name) =>
        string.IsNullOrEmpty(name) ? "must not be empty"
        : FamilyPattern().IsMatch(name) ? null
        : $"\"{RegistryRules.Shorten(name)}\" must match ^[a-z0-9][a-z0-9_-]{{0,63}}$";

    public static string? ValidateEndpoint(string? name) =>
        string.IsNullOrEmpty(name) ? "must not be empty"
        : EndpointPattern().IsMatch(name) ? null
        : $"\"{RegistryRules.Shorten(name)}\" must match ^[a-z][a-z0-9_-]{{0,63}}$";

    public static string? ValidateVersion(int version) => version >= 1 ? null : $"must be at least 1, not {version}";

    public static string? ValidateVersionName(string name) =>
        RegistryRules.ValidateName(name) ?? (HasControl(name) ? "must not contain control characters" : null);

    public static string? ValidateLabel(string label) =>
        label.Length > MaxLabelLength ? $"must be at most {MaxLabelLength} characters"
        : HasControl(label) ? "must not contain control characters"
        : null;

    // Line breaks and tabs are how people write descriptions; other control characters are not text.
    public static string? ValidateDescription(string description) =>
        description.Length > MaxDescriptionLength ? $"must be at most {MaxDescriptionLength} characters"
        : description.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? "must not contain control characters other than line breaks and tabs"
        : null;

    public static string? ValidateRunId(string runId) =>
        runId.Length is 0 or > MaxRunIdLength ? $"must be 1–{MaxRunIdLength} characters"
        : runId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? "must not contain whitespace or control characters"
        : null;

    public static string? ValidateActor(string? actor) =>
        string.IsNullOrWhiteSpace(actor) ? "must not be empty"
        : actor.Length > MaxActorLength ? $"must be at most {MaxActorLength} characters"
        : HasControl(actor) ? "must not contain control characters"
        : null;

    public static string? ValidateMetricName(string name) =>
        string.IsNullOrEmpty(name) ? "metric names must not be empty"
        : name.Length > MaxMetricNameLength ? $"metric names must be at most {MaxMetricNameLength} characters"
        : HasControl(name) ? "metric names must not contain control characters"
        : null;

    public static string? ValidateMetricValue(double value) => double.IsFinite(value) ? null : $"must be a finite number, not {value}";

    /// <summary>An artifact id is the SHA-256 of the artifact blob as 64 lower-case hex digits.</summary>
    public static string? ValidateArtifactId(string artifactId) =>
        artifactId.Length == 64 && artifactId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') ? null
        : "must be the artifact's SHA-256 as 64 lower-case hex digits";

    private static bool HasControl(string value) => value.Any(char.IsControl);

    // \z, not $: $ also matches before a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FamilyPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EndpointPattern();
}
