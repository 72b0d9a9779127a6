namespace NeuronEngine.Cli.Output;

/// <summary>A row an import skipped (unreadable) or the engine refused, by line number.</summary>
/// <param name="Line">The 1-based line number in the file.</param>
/// <param name="Reason">Why, e.g. <c>timestamp: "yesterday" is not an ISO 8601 time or Unix seconds</c>.</param>
internal sealed record RowError(long Line, string Reason);
