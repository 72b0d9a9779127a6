using System.Globalization;

namespace NeuronEngine.LoadTests.Cli;

/// <summary>Durations on the command line: plain seconds ("30", "2.5") or with a unit ("500ms", "30s", "2m"), or "hh:mm:ss".</summary>
internal static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ => (text, 1.0),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            duration = TimeSpan.FromSeconds(value * scale);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
    }
}
