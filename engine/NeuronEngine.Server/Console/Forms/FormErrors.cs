using NeuronEngine.Core;

namespace NeuronEngine.Server.Console.Forms;

/// <summary>
/// What went wrong with one posted form: messages at the inputs they concern, and at most one for the form as a whole.
/// The engine's own messages are used as they are (the exception's <c>Message</c>, the text the API answers with),
/// placed at the input whose field the exception names.
/// </summary>
internal sealed class FormErrors
{
    private readonly Dictionary<string, string> inputs = new(StringComparer.Ordinal);

    /// <summary>The message for the whole form (shown above it), or null.</summary>
    public string? Summary { get; private set; }

    /// <summary>True when anything was refused.</summary>
    public bool Any => Summary is not null || inputs.Count > 0;

    /// <summary>The message at <paramref name="input"/>, or null.</summary>
    public string? this[string input] => inputs.GetValueOrDefault(input);

    /// <summary>A message at an input (the first one wins).</summary>
    public void At(string input, string message) => inputs.TryAdd(input, message);

    /// <summary>A message for the whole form (the first one wins).</summary>
    public void Fail(string message) => Summary ??= message;

    /// <summary>
    /// Places a refusal's <paramref name="message"/>: at the input <paramref name="inputFor"/> gives for the
    /// <paramref name="field"/> it names (<c>weight</c>, <c>signals[2].threshold</c>), else for the whole form. Pages call
    /// it through <c>ConsolePage.Place</c>, which turns the engine's error into the message the console shows.
    /// </summary>
    public void Add(string? field, string message, Func<string, string?> inputFor)
    {
        ArgumentNullException.ThrowIfNull(inputFor);
        if (field is not null && inputFor(field) is { } input)
        {
            At(input, message);
        }
        else
        {
            Fail(message);
        }
    }

    /// <summary><c>"true"</c> or <c>"false"</c> for an input's <c>aria-invalid</c>.</summary>
    public string Invalid(string input) => inputs.ContainsKey(input) ? "true" : "false";
}
