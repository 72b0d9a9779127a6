using System.Globalization;
using System.Text;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Counters;
using RegistryTemplate = NeuronEngine.Registry.Templates.Template;

namespace NeuronEngine.Engine.Templates;

/// <summary>
/// A template's signals held against the tenant's event counts: which signals pass their per-signal threshold and
/// whether the minimum total is met. <c>GetEventStats</c> reports it; <c>StartRun</c> refuses a run that fails it.
/// </summary>
internal sealed record TemplateReadiness(string TemplateId, IReadOnlyList<TemplateReadiness.SignalCount> Signals, long Total, long MinTotalEvents)
{
    /// <summary>True when at least one signal passes its threshold and the passing signals reach the minimum total.</summary>
    public bool Ready => Signals.Any(s => s.Passes) && Total >= MinTotalEvents;

    /// <summary>Counts each signal's events (only those carrying the template's tag filter, when it has one).</summary>
    public static TemplateReadiness Evaluate(RegistryTemplate template, TenantStats stats)
    {
        var signals = template.Signals.Select(signal =>
        {
            var count = stats.Count(signal.Type, template.TagFilter.Length == 0 ? null : template.TagFilter);
            return new SignalCount(signal.Type, count, signal.Threshold);
        }).ToArray();
        return new TemplateReadiness(template.TemplateId, signals, signals.Where(s => s.Passes).Sum(s => s.Count), template.MinTotalEvents);
    }

    /// <summary>
    /// Why a run cannot start yet, with every number behind it: the total against the minimum, and each signal against
    /// its threshold. <c>StartRun</c> refuses with this message; the web console shows it beside the Train button.
    /// </summary>
    public string Explain()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"template \"{TemplateId}\" is not ready: {Total} events of {MinTotalEvents} minimum");
        if (!Signals.Any(s => s.Passes))
        {
            text.Append("; no signal passes its threshold");
        }

        foreach (var signal in Signals)
        {
            text.Append(CultureInfo.InvariantCulture, $"; signal {signal.Type} {signal.Count} / threshold {signal.Threshold}");
        }

        return text.ToString();
    }

    public TemplateStats ToContract()
    {
        var result = new TemplateStats { TemplateId = TemplateId, Total = Total, MinTotalEvents = MinTotalEvents, MinTotalMet = Ready };
        result.Signals.Add(Signals.Select(s => new SignalStats { Type = s.Type, Count = s.Count, Threshold = s.Threshold, Passes = s.Passes }));
        return result;
    }

    /// <summary>One signal's event count against its threshold.</summary>
    internal sealed record SignalCount(string Type, long Count, long Threshold)
    {
        public bool Passes => Count >= Threshold;
    }
}
