namespace NeuronEngine.Cli.Input;

/// <summary>A CSV row read against its file's header.</summary>
internal sealed class CsvRowFields(IReadOnlyList<string> header, IReadOnlyList<string> cells) : RowFields
{
    public override string? Text(string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], name, StringComparison.Ordinal))
            {
                return cells[i].Length == 0 ? null : cells[i];
            }
        }

        return null;
    }

    public override IReadOnlyList<string>? List(string name) => Text(name) is { } text ? SplitList(text) : null;

    public override IEnumerable<KeyValuePair<string, string>> Others(IReadOnlySet<string> known)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (!known.Contains(header[i]) && cells[i].Length > 0)
            {
                yield return new(header[i], cells[i]);
            }
        }
    }

    public override IEnumerable<KeyValuePair<string, string>>? Map(string name) => null;
}
