namespace NeuronEngine.Cli.Input;

/// <summary>What an import does with a row it cannot read.</summary>
internal enum OnError
{
    /// <summary>Report it (up to --max-errors), go on, and exit 4 at the end.</summary>
    Skip,

    /// <summary>Stop at it: send what was read before, nothing after, and exit 2.</summary>
    Abort,
}
