using System.Text.Json;

namespace NeuronEngine.Cli.Input;

/// <summary>A JSONL row: one JSON object.</summary>
internal sealed class JsonRowFields(JsonElement row) : RowFields
{
    public override string? Text(string name) =>
        row.TryGetProperty(name, out var value) ? Scalar(name, value) : null;

    public override IReadOnlyList<string>? List(string name)
    {
        if (!row.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return SplitList(value.GetString()!);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new RowException($"{name}: must be an array of strings");
        }

        return [.. value.EnumerateArray().Select((e, i) => Scalar($"{name}[{i}]", e) ?? throw new RowException($"{name}[{i}]: must not be empty"))];
    }

    public override IEnumerable<KeyValuePair<string, string>> Others(IReadOnlySet<string> known)
    {
        foreach (var property in row.EnumerateObject())
        {
            if (!known.Contains(property.Name) && property.Value.ValueKind != JsonValueKind.Object && Scalar(property.Name, property.Value) is { } text)
            {
                yield return new(property.Name, text);
            }
        }
    }

    public override IEnumerable<KeyValuePair<string, string>>? Map(string name)
    {
        if (!row.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new RowException($"{name}: must be an object");
        }

        return [.. value.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, Scalar($"{name}.{p.Name}", p.Value) ?? ""))];
    }

    private static string? Scalar(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new RowException($"{name}: must be a string, number or boolean"),
    };
}
