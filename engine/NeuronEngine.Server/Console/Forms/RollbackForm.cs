namespace NeuronEngine.Server.Console.Forms;

/// <summary>Roll back: the version production served before the current one, as the page showed it (<c>recs|1</c>).</summary>
public sealed class RollbackForm
{
    public string? Target { get; set; }
}
