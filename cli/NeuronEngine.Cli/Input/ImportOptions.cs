using System.CommandLine;

namespace NeuronEngine.Cli.Input;

/// <summary>The file argument and options every import command takes.</summary>
internal sealed class ImportOptions
{
    public Argument<string> File { get; } = new("file") { Description = "A CSV file with a header row, or a JSONL file (one JSON object per line)" };

    public Option<InputFormat> Format { get; } = new("--format")
    {
        Description = "csv or jsonl (default: from the extension: .csv, .jsonl/.ndjson/.json)",
        DefaultValueFactory = _ => InputFormat.Auto,
    };

    public Option<OnError> OnError { get; } = new("--on-error")
    {
        Description = "skip: report bad rows and go on (exit 4 if any); abort: stop at the first bad row (exit 2)",
        DefaultValueFactory = _ => Input.OnError.Skip,
    };

    public Option<int> MaxErrors { get; } = new("--max-errors")
    {
        Description = "How many bad rows to list by line number (all are counted)",
        DefaultValueFactory = _ => 20,
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        command.Options.Add(Format);
        command.Options.Add(OnError);
        command.Options.Add(MaxErrors);
    }
}
