using System.Globalization;
using System.Text.Json;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Server.Console.Models;

/// <summary>What the Models pages show of a version's training: the recipe its manifest names and its key metrics.</summary>
internal static class VersionFacts
{
    /// <summary>The recipe that produced the version (<c>selected_recipe</c> of an auto run, else <c>recipe</c>), or null.</summary>
    public static string? Recipe(RegisteredVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        try
        {
            using var manifest = JsonDocument.Parse(version.Manifest);
            if (manifest.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in (string[])["selected_label", "selected_recipe", "recipe"])
            {
                if (manifest.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // A manifest is JSON by contract; anything else just has no recipe to show.
        }

        return null;
    }

    /// <summary><c>ndcg@10 0.4123 (popularity 0.2011)</c>, or null when the version has no such metric.</summary>
    public static string? Headline(IReadOnlyDictionary<string, double> metrics, string metric = "ndcg@10")
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (!metrics.TryGetValue(metric, out var value))
        {
            return null;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{metric} {value:0.0000}");
        return metrics.TryGetValue($"popularity.{metric}", out var popularity)
            ? string.Create(CultureInfo.InvariantCulture, $"{text} (popularity {popularity:0.0000})")
            : text;
    }

    /// <summary>JSON text indented for reading; the text as it is when it is not JSON.</summary>
    public static string Indented(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Write(document.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>The top-level members of a JSON object, each indented (for one collapsible section per member).</summary>
    public static IReadOnlyList<(string Name, string Json)> Members(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind != JsonValueKind.Object
                ? []
                : [.. document.RootElement.EnumerateObject().Select(p => (p.Name, Write(p.Value)))];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Write(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            // Shown as text (Razor encodes it), so relaxed escaping only keeps the manifest readable.
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
