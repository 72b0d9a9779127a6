namespace NeuronEngine.Cli;

/// <summary>The process exit codes of <c>neuron</c> (documented in the CLI's README section; scripts depend on them).</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The engine refused the call (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, …): the one-line error names the status.</summary>
    public const int Refused = 1;

    /// <summary>The command line itself is wrong (unknown command, missing or malformed option), or a local file is unusable.</summary>
    public const int Usage = 2;

    /// <summary>The engine could not be reached or did not answer in time (UNAVAILABLE, DEADLINE_EXCEEDED).</summary>
    public const int Unreachable = 3;

    /// <summary>The command finished but not everything succeeded (rows skipped by an import, a run that failed or was stopped while watched).</summary>
    public const int Partial = 4;

    /// <summary>Interrupted by Ctrl-C.</summary>
    public const int Cancelled = 130;
}
