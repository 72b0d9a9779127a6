namespace NeuronEngine.Server.Console.Forms;

/// <summary>
/// An action on one model version from the Models page's tables: the pressed button's value, <c>approve|recs|2</c> or
/// <c>promote|shared/base|1</c> (one form around the tables, one button per row and action).
/// </summary>
public sealed class VersionActionForm
{
    public string? Target { get; set; }
}
