using System.Globalization;
using System.Text.Json;
using NeuronEngine.Contracts.V1;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuronEngine.Cli.Input;

/// <summary>
/// Reads a template file (YAML, or JSON by extension) into a <see cref="Template"/>. Field names may be snake_case or
/// camelCase. A malformed file is one <see cref="CliException"/> naming the file and the field (exit 2); rules the engine
/// owns (ranges, existing event types) are left to it.
/// </summary>
internal static class TemplateFile
{
    private const string Fields = "id, name, signals, min_total_events, tag_filter";

    public static Template Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file");
        }

        var name = Path.GetFileName(path);
        var root = Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase) ? ParseJson(name, File.ReadAllText(path)) : ParseYaml(name, File.ReadAllText(path));
        try
        {
            return ToTemplate(root as Dictionary<string, object?> ?? throw new RowException($"the file must hold one mapping with the fields {Fields}"));
        }
        catch (RowException ex)
        {
            throw new CliException($"{name}: {ex.Message}");
        }
    }

    private static Template ToTemplate(Dictionary<string, object?> fields)
    {
        var template = new Template();
        foreach (var (key, value) in fields)
        {
            switch (Normalize(key))
            {
                case "id" or "templateid": template.TemplateId = Text(key, value); break;
                case "name": template.Name = Text(key, value); break;
                case "mintotalevents": template.MinTotalEvents = Integer(key, value); break;
                case "tagfilter": template.TagFilter = Text(key, value); break;
                case "signals": template.Signals.Add(Signals(key, value)); break;
                default: throw new RowException($"{key}: unknown field (fields: {Fields})");
            }
        }

        return template.Name.Length == 0 ? throw new RowException("name: missing")
            : template.Signals.Count == 0 ? throw new RowException("signals: missing (a list of {type, weight?, threshold?})")
            : template;
    }

    private static IEnumerable<Signal> Signals(string key, object? value)
    {
        var list = value as List<object?> ?? throw new RowException($"{key}: must be a list of {{type, weight?, threshold?}}");
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{key}[{i}]";
            var fields = list[i] as Dictionary<string, object?> ?? throw new RowException($"{path}: must be a mapping with type, weight?, threshold?");
            var signal = new Signal();
            foreach (var (name, field) in fields)
            {
                switch (Normalize(name))
                {
                    case "type": signal.Type = Text($"{path}.{name}", field); break;
                    case "weight": signal.Weight = checked((int)Integer($"{path}.{name}", field)); break;
                    case "threshold": signal.Threshold = Integer($"{path}.{name}", field); break;
                    default: throw new RowException($"{path}.{name}: unknown field (fields: type, weight, threshold)");
                }
            }

            yield return signal.Type.Length > 0 ? signal : throw new RowException($"{path}.type: missing");
        }
    }

    private static string Normalize(string key) => key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string Text(string key, object? value) => value as string ?? throw new RowException($"{key}: must be text");

    private static long Integer(string key, object? value) =>
        value is string text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number is >= int.MinValue and <= int.MaxValue
            ? number
            : throw new RowException($"{key}: {(value is string s ? $"\"{s}\"" : "a list or mapping")} is not a whole number");

    private static object? ParseYaml(string name, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new CliException($"{name}: line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}");
        }

        return stream.Documents.Count == 0 ? null : FromYaml(stream.Documents[0].RootNode);
    }

    private static object? FromYaml(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value is null or "~" or "null" && scalar.Style == ScalarStyle.Plain ? null : scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(FromYaml).ToList(),
        YamlMappingNode mapping => mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => FromYaml(c.Value), StringComparer.Ordinal),
        _ => null,
    };

    private static object? ParseJson(string name, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return FromJson(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new CliException($"{name}: line {(ex.LineNumber ?? 0) + 1}: not valid JSON");
        }
    }

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null => null,
        _ => element.GetRawText(),
    };
}
