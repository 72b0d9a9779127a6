using System.Globalization;
using NeuronEngine.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuronEngine.Cli.Commands.Models;

/// <summary>The production banner of <c>neuron models status</c>.</summary>
internal static class StatusBanner
{
    public static IRenderable Render(Endpoint serving, Promotion? promotion, ModelVersion? version)
    {
        var lines = new List<string>();
        if (serving.Status == EndpointStatus.None)
        {
            lines.Add($"{serving.Name}: nothing promoted yet (Recommend returns no items)");
        }
        else
        {
            var label = serving.Label.Length > 0 ? $" [{serving.Label}]" : "";
            lines.Add($"{serving.Name}: {ModelView.Version(serving.Family, serving.Version)} \"{serving.VersionName}\"{label}, {ModelView.Status(serving.Status)}");
            var by = promotion is null ? "" : $" by {promotion.Actor}";
            var from = promotion is { HasPreviousVersion: true } ? $" (was v{promotion.PreviousVersion.ToString(CultureInfo.InvariantCulture)})" : "";
            lines.Add($"since {ModelView.Time(serving.Since)}{by}{from}");
            if (version is not null && version.Metrics.Count > 0)
            {
                lines.Add(ModelView.Metrics(version.Metrics, 4));
            }
        }

        if (serving.LastError.Length > 0)
        {
            lines.Add($"last error: {serving.LastError}");
        }

        return new Panel(new Text(string.Join('\n', lines))).Header(Markup.Escape($" {serving.Name} ")).Border(BoxBorder.Rounded);
    }
}
