namespace NeuronEngine.Server.Console.Forms;

/// <summary>A version's editable fields (<c>UpdateVersion</c>): its label and description.</summary>
public sealed class VersionEditForm
{
    public string? Label { get; set; }

    public string? Description { get; set; }
}
