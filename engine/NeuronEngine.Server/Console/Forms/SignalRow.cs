namespace NeuronEngine.Server.Console.Forms;

/// <summary>One event type in the template editor: whether it is a signal, its weight (empty: the type's) and threshold.</summary>
public sealed class SignalRow
{
    public string? Type { get; set; }

    public bool Use { get; set; }

    public string? Weight { get; set; }

    public string? Threshold { get; set; }
}
