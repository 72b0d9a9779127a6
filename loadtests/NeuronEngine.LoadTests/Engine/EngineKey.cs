namespace NeuronEngine.LoadTests.Engine;

/// <summary>The API key for a remote engine, from <c>--api-key-file</c>; an engine on this machine takes the generator without one.</summary>
internal static class EngineKey
{
    /// <summary>The option's description.</summary>
    public const string Description = "file holding an API key, for an engine on another machine (one on this machine takes loopback calls without a key)";

    /// <summary>The key in <paramref name="path"/> without its trailing newline; null for no path; a problem goes to <paramref name="errors"/>.</summary>
    public static string? Read(string? path, List<string> errors)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        try
        {
            var key = File.ReadAllText(path).TrimEnd();
            if (key.Length > 0 && !key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                return key;
            }

            errors.Add($"--api-key-file: {path} must hold one API key on one line");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"--api-key-file: cannot read {path}: {ex.Message}");
        }

        return null;
    }
}
