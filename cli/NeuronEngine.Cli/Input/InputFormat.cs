namespace NeuronEngine.Cli.Input;

/// <summary>The layouts an import file can have.</summary>
internal enum InputFormat
{
    /// <summary>Decided from the file's extension.</summary>
    Auto,

    /// <summary>Comma-separated values with a header row naming the columns.</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    Jsonl,
}
