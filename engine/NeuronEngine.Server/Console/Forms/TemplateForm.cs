namespace NeuronEngine.Server.Console.Forms;

/// <summary>
/// A signal template as the editor posts it: one <see cref="SignalRow"/> per event type of the tenant (checked ones are
/// the template's signals, in row order). Numbers stay text until <see cref="FormValue"/> reads them.
/// </summary>
public sealed class TemplateForm
{
    /// <summary>The id to create it with; empty lets the engine make one. Not posted when editing.</summary>
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? TagFilter { get; set; }

    public string? MinTotalEvents { get; set; }

    public List<SignalRow> Signals { get; set; } = [];
}
