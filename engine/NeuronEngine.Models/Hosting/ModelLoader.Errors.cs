using NeuronEngine.Core;

namespace NeuronEngine.Models.Hosting;

public sealed partial class ModelLoader
{
    private static void ThrowIfAny(string field, string artifactDirectory, List<string> errors)
    {
        if (errors.Count > 0)
        {
            var problems = string.Join("; ", errors.Select(e => HideArtifactPath(e, artifactDirectory)));
            throw new NeuronException(ErrorKind.InvalidArgument, $"the artifact breaks the model contract: {problems}", field);
        }
    }

    /// <summary>
    /// Replaces the artifact's folder with <c>&lt;artifact&gt;</c>: ONNX Runtime and IO messages name files by their full
    /// path, and these messages reach clients (error details, an endpoint's last error) who must not learn server paths.
    /// </summary>
    internal static string HideArtifactPath(string message, string artifactDirectory)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(artifactDirectory))
        {
            return message;
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(artifactDirectory));
        message = message.Replace(full, "<artifact>", StringComparison.Ordinal);

        // A relative folder says nothing about the server, and replacing a short one could mangle ordinary words.
        var given = Path.TrimEndingDirectorySeparator(artifactDirectory);
        if (Path.IsPathFullyQualified(given) && given != full)
        {
            message = message.Replace(given, "<artifact>", StringComparison.Ordinal);
        }

        return message;
    }

    internal static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
