using System.CommandLine.Parsing;
using System.Globalization;

namespace NeuronEngine.Cli;

/// <summary>Parses option values like <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c> (a bare number is seconds).</summary>
public static class Durations
{
    /// <summary>Tries to parse <paramref name="text"/>; false for anything not a positive duration.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || double.IsInfinity(amount))
        {
            return false;
        }

        value = TimeSpan.FromSeconds(amount * unit);
        return true;
    }

    /// <summary>A System.CommandLine custom parser for a duration option.</summary>
    internal static TimeSpan Parse(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(token, out var value))
        {
            return value;
        }

        result.AddError($"'{token}' is not a duration: use e.g. 500ms, 30s, 2m or 1h");
        return default;
    }
}
