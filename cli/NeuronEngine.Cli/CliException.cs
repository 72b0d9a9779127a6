namespace NeuronEngine.Cli;

/// <summary>
/// A failure the CLI detects itself (an unreadable input file, a malformed template file, an option combination that
/// makes no sense): printed as one line, exit code <see cref="ExitCode"/>.
/// </summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliException()
    {
    }

    /// <summary>Creates the exception with the usage exit code.</summary>
    public CliException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the usage exit code.</summary>
    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with its exit code.</summary>
    public CliException(string message, int exitCode)
        : base(message) =>
        ExitCode = exitCode;

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = ExitCodes.Usage;
}
