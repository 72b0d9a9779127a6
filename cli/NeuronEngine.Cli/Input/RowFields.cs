namespace NeuronEngine.Cli.Input;

/// <summary>
/// One row of an import file, CSV or JSONL alike: fields by name. Getters return null for a field that is absent or
/// empty and throw <see cref="RowException"/> for one of the wrong kind.
/// </summary>
internal abstract class RowFields
{
    /// <summary>A text field (a JSON number or boolean is given as its text).</summary>
    public abstract string? Text(string name);

    /// <summary>A list field: a JSON array of strings, or text split at <c>;</c> (CSV).</summary>
    public abstract IReadOnlyList<string>? List(string name);

    /// <summary>Every field not in <paramref name="known"/>, with its text, in file order (empty ones left out).</summary>
    public abstract IEnumerable<KeyValuePair<string, string>> Others(IReadOnlySet<string> known);

    /// <summary>A nested name → text map (JSON object); CSV rows have none.</summary>
    public abstract IEnumerable<KeyValuePair<string, string>>? Map(string name);

    /// <summary>A field that must be present and non-empty.</summary>
    public string Required(string name) => Text(name) ?? throw new RowException($"{name}: missing");

    /// <summary>A boolean field: true/false (also 1/0, yes/no).</summary>
    public bool? Bool(string name) => Text(name)?.ToUpperInvariant() switch
    {
        null => null,
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" => false,
        var other => throw new RowException($"{name}: \"{other}\" is not true or false"),
    };

    /// <summary>Splits a CSV list cell.</summary>
    protected static IReadOnlyList<string> SplitList(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
