namespace NeuronEngine.Cli.Input;

/// <summary>One data row of an import file: its fields, or why it cannot be read.</summary>
/// <param name="Line">The 1-based line number in the file.</param>
/// <param name="Text">The line as read (the source of derived event ids).</param>
/// <param name="Fields">The fields, null when <paramref name="Error"/> is set; valid only until the next row is read.</param>
/// <param name="Error">Why the line is unusable (wrong column count, malformed JSON), or null.</param>
internal sealed record Row(long Line, string Text, RowFields? Fields, string? Error);
