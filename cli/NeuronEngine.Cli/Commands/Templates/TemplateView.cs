using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuronEngine.Cli.Commands.Templates;

/// <summary>How templates print in table mode.</summary>
internal static class TemplateView
{
    public static IRenderable Render(Template t)
    {
        var fields = CliContext.Table("FIELD", "VALUE");
        CliContext.Row(fields, "id", t.TemplateId);
        CliContext.Row(fields, "name", t.Name);
        CliContext.Row(fields, "status", Status(t.Status));
        CliContext.Row(fields, "min total events", t.MinTotalEvents.ToString("N0", CultureInfo.InvariantCulture));
        CliContext.Row(fields, "tag filter", t.TagFilter.Length > 0 ? t.TagFilter : "(none)");
        CliContext.Row(fields, "created", Time(t.Created));
        CliContext.Row(fields, "published", Time(t.Published));

        var signals = CliContext.Table("SIGNAL", "WEIGHT", "THRESHOLD");
        foreach (var s in t.Signals)
        {
            CliContext.Row(signals, s.Type, s.HasWeight ? s.Weight.ToString(CultureInfo.InvariantCulture) : "(event type's)", s.Threshold.ToString("N0", CultureInfo.InvariantCulture));
        }

        return new Rows(fields, signals);
    }

    public static string SignalSummary(Template t) =>
        string.Join(", ", t.Signals.Select(s => s.HasWeight ? $"{s.Type}×{s.Weight.ToString(CultureInfo.InvariantCulture)}" : s.Type));

    public static string Status(TemplateStatus status) => status switch
    {
        TemplateStatus.Draft => "draft",
        TemplateStatus.Published => "published",
        _ => "",
    };

    public static string Time(Timestamp? at) =>
        at is null ? "" : at.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture);
}
