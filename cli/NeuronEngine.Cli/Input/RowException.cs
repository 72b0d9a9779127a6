namespace NeuronEngine.Cli.Input;

/// <summary>A row of an import file that cannot be used; the message is the reason, reported with the row's line number.</summary>
internal sealed class RowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RowException()
    {
    }

    /// <summary>Creates the exception with its reason.</summary>
    public RowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public RowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
