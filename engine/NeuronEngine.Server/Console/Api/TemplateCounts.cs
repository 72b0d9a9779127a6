namespace NeuronEngine.Server.Console.Api;

/// <summary>One template held against the counts (the engine's <c>TemplateReadiness</c>).</summary>
/// <param name="Id">The template id.</param>
/// <param name="Ready">Enough events for a run (<c>StartRun</c>'s own check).</param>
/// <param name="Total">Events of the signals that pass their thresholds.</param>
/// <param name="MinTotalEvents">The template's minimum.</param>
/// <param name="Why">Why a run cannot start yet (<c>StartRun</c>'s message), or null when it can.</param>
/// <param name="Signals">Each signal's count against its threshold.</param>
internal sealed record TemplateCounts(string Id, bool Ready, long Total, long MinTotalEvents, string? Why, IReadOnlyList<SignalCounts> Signals);
