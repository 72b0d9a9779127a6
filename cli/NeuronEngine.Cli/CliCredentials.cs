using System.CommandLine;

namespace NeuronEngine.Cli;

/// <summary>Where the CLI's API key comes from: <c>--api-key</c>, <c>--api-key-file</c>, or their environment variables.</summary>
internal static class CliCredentials
{
    /// <summary>The environment variable with the key itself.</summary>
    public const string KeyVariable = "NEURON_API_KEY";

    /// <summary>The environment variable naming a file with the key.</summary>
    public const string KeyFileVariable = "NEURON_API_KEY_FILE";

    /// <summary>
    /// The key: <c>--api-key</c>, else the content of <c>--api-key-file</c>, else <c>NEURON_API_KEY</c>, else the content
    /// of the file <c>NEURON_API_KEY_FILE</c> names; null when none is given. A switch beats the environment, so a key
    /// exported in the shell never hides the file asked for.
    /// </summary>
    /// <exception cref="CliException">Both switches given, or the file cannot be read or holds no single key.</exception>
    public static string? ApiKey(ParseResult parse, GlobalOptions globals, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var inline = parse.GetValue(globals.ApiKey);
        var file = parse.GetValue(globals.ApiKeyFile);
        if (inline is not null && file is not null)
        {
            throw new CliException("give --api-key or --api-key-file, not both");
        }

        return inline
            ?? (file is not null ? ReadKeyFile(file) : null)
            ?? (environment(KeyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim() : null)
            ?? (environment(KeyFileVariable) is { Length: > 0 } fileFromEnvironment ? ReadKeyFile(fileFromEnvironment) : null);
    }

    /// <summary>The key in <paramref name="path"/>, without the trailing newline editors and <c>echo</c> leave.</summary>
    /// <exception cref="CliException">The file cannot be read, is empty, or holds more than the key.</exception>
    public static string ReadKeyFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot read the API key file {path}: {ex.Message}");
        }

        var key = text.TrimEnd();
        if (key.Length == 0)
        {
            throw new CliException($"the API key file {path} is empty");
        }

        // Never the content in the message: it may be a key with a typo.
        return key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? throw new CliException($"the API key file {path} must hold the key alone, on one line")
            : key;
    }
}
