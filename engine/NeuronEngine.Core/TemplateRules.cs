using System.Text.RegularExpressions;
using static System.FormattableString;

namespace NeuronEngine.Core;

/// <summary>
/// The rules a signal template's content meets: checked where a template is written (the registry) and again where a
/// run reads its frozen copy (the trainer), so both sides hold templates to one definition. Each <c>ValidateX</c> method
/// returns null when the value is valid, otherwise the broken rule (the caller prefixes the field path);
/// <see cref="ValidateContent"/> and <see cref="ValidateFrozen"/> collect every broken rule with its field.
/// </summary>
public static partial class TemplateRules
{
    /// <summary>The lightest signal (and event type) weight.</summary>
    public const int MinWeight = 1;

    /// <summary>The heaviest signal (and event type) weight.</summary>
    public const int MaxWeight = 100;

    /// <summary>A template id matches <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>.</summary>
    public static string? ValidateTemplateId(string? id) =>
        string.IsNullOrEmpty(id) ? "must not be empty"
        : TemplateIdPattern().IsMatch(id) ? null
        : $"\"{Shorten(id)}\" must match ^[a-z0-9][a-z0-9_-]{{0,63}}$";

    /// <summary>An event type (a signal's type) matches <c>^[a-z][a-z0-9_]{0,63}$</c>.</summary>
    public static string? ValidateEventType(string? type) =>
        string.IsNullOrEmpty(type) ? "must not be empty"
        : EventTypePattern().IsMatch(type) ? null
        : $"\"{Shorten(type)}\" must match ^[a-z][a-z0-9_]{{0,63}}$";

    /// <summary>A weight is a whole number from <see cref="MinWeight"/> to <see cref="MaxWeight"/>.</summary>
    public static string? ValidateWeight(int weight) =>
        weight is >= MinWeight and <= MaxWeight ? null : Invariant($"must be between {MinWeight} and {MaxWeight}, not {weight}");

    /// <summary>A signal's threshold (the fewest events of its type before the type is used) is 0 or more.</summary>
    public static string? ValidateThreshold(long threshold) =>
        threshold >= 0 ? null : Invariant($"must be at least 0, not {threshold}");

    /// <summary>A template's minimum of events in total is 0 or more.</summary>
    public static string? ValidateMinTotalEvents(long minTotalEvents) =>
        minTotalEvents >= 0 ? null : Invariant($"must be at least 0, not {minTotalEvents}");

    /// <summary>A tag filter is empty (all events count) or one tag, <c>name:value</c> (see <see cref="FieldRules.ValidateTag"/>).</summary>
    public static string? ValidateTagFilter(string? tagFilter) =>
        string.IsNullOrEmpty(tagFilter) ? null : FieldRules.ValidateTag(tagFilter);

    /// <summary>
    /// Every broken rule of a template's signals, <c>min_total_events</c> and <c>tag_filter</c>, in field order; empty
    /// when they are valid. Signals: at least one, each with a valid event type that no earlier signal has, a weight
    /// (unless <paramref name="weightsRequired"/> is false and the weight is unset, so it follows the event type's),
    /// and a threshold of 0 or more.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateContent(
        IReadOnlyList<TemplateSignalFields>? signals, long minTotalEvents, string? tagFilter, bool weightsRequired)
    {
        var errors = new List<FieldError>();
        AddContent(errors, signals, minTotalEvents, tagFilter, weightsRequired);
        return errors;
    }

    /// <summary>
    /// Every broken rule of a frozen template, the copy of a Published template a run trains on: its id, and its
    /// content (<see cref="ValidateContent"/>) with every signal's weight set. Empty when it is valid.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateFrozen(
        string? templateId, IReadOnlyList<TemplateSignalFields>? signals, long minTotalEvents, string? tagFilter)
    {
        var errors = new List<FieldError>();
        Add(errors, "template_id", ValidateTemplateId(templateId));
        AddContent(errors, signals, minTotalEvents, tagFilter, weightsRequired: true);
        return errors;
    }

    private static void AddContent(
        List<FieldError> errors, IReadOnlyList<TemplateSignalFields>? signals, long minTotalEvents, string? tagFilter, bool weightsRequired)
    {
        if (signals is null || signals.Count == 0)
        {
            errors.Add(new FieldError("signals", "must name at least one event type"));
        }
        else
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < signals.Count; i++)
            {
                var signal = signals[i];
                if (ValidateEventType(signal.Type) is { } typeRule)
                {
                    errors.Add(new FieldError(Invariant($"signals[{i}].type"), typeRule));
                }
                else if (!seen.TryAdd(signal.Type!, i))
                {
                    errors.Add(new FieldError(Invariant($"signals[{i}].type"), Invariant($"event type \"{signal.Type}\" is already in signals[{seen[signal.Type!]}]")));
                }

                if (signal.Weight is { } weight)
                {
                    Add(errors, Invariant($"signals[{i}].weight"), ValidateWeight(weight));
                }
                else if (weightsRequired)
                {
                    errors.Add(new FieldError(Invariant($"signals[{i}].weight"), "must be set"));
                }

                Add(errors, Invariant($"signals[{i}].threshold"), ValidateThreshold(signal.Threshold));
            }
        }

        Add(errors, "min_total_events", ValidateMinTotalEvents(minTotalEvents));
        Add(errors, "tag_filter", ValidateTagFilter(tagFilter));
    }

    private static void Add(List<FieldError> errors, string field, string? rule)
    {
        if (rule is not null)
        {
            errors.Add(new FieldError(field, rule));
        }
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");

    // \z, not $: $ also matches before a trailing newline.
    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateIdPattern();
}
