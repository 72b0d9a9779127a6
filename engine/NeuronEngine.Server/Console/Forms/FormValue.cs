using System.Globalization;

namespace NeuronEngine.Server.Console.Forms;

/// <summary>
/// Reads numbers typed into the console's forms. Only whether the text is a number is checked here, with a message in
/// the engine's style (<c>weight: must be a whole number, not "ten"</c>); every rule about the value (ranges, allowed
/// sizes) is the engine's, which the number is then given to.
/// </summary>
internal static class FormValue
{
    /// <summary>A whole number, or null with a message at <paramref name="input"/> when the text is not one.</summary>
    public static int? Int(string? text, string field, string input, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.At(input, $"{field}: must be a whole number, not \"{Shorten(text)}\"");
        return null;
    }

    /// <summary>A whole number (64-bit), or null with a message at <paramref name="input"/> when the text is not one.</summary>
    public static long? Long(string? text, string field, string input, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (long.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.At(input, $"{field}: must be a whole number, not \"{Shorten(text)}\"");
        return null;
    }

    /// <summary>A number with an optional fraction (<c>0.001</c>, <c>1e-3</c>), or null with a message when the text is not one.</summary>
    public static double? Double(string? text, string field, string input, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.At(input, $"{field}: must be a number such as 0.001, not \"{Shorten(text)}\"");
        return null;
    }

    private static string Shorten(string? text) => Shorten(text, 32);

    /// <summary><paramref name="text"/> cut to <paramref name="length"/> characters and "…" when longer; as it is when not.</summary>
    internal static string Shorten(string? text, int length) => text is null ? string.Empty : text.Length <= length ? text : text[..length] + "…";
}
