using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NeuronEngine.Cli.Commands.Models;

/// <summary>The family and version arguments the model commands share.</summary>
internal static class ModelArguments
{
    public static Argument<string> Family() => new("family") { Description = "The model family, e.g. recs (shared/<name> for a base family)" };

    public static Argument<int> Version() => new("version") { Description = "The version number (v3 or 3)", CustomParser = ParseVersion };

    private static int ParseVersion(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var digits = token.StartsWith('v') || token.StartsWith('V') ? token[1..] : token;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1)
        {
            return version;
        }

        result.AddError($"'{token}' is not a version number: use e.g. 3 or v3");
        return 0;
    }
}
