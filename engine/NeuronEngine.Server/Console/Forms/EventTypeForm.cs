namespace NeuronEngine.Server.Console.Forms;

/// <summary>An event type as the add and edit forms post it; numbers stay text until <see cref="FormValue"/> reads them.</summary>
public sealed class EventTypeForm
{
    public string? Type { get; set; }

    public string? Name { get; set; }

    public string? Weight { get; set; }
}
