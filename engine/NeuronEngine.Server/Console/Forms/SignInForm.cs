namespace NeuronEngine.Server.Console.Forms;

/// <summary>The sign-in form: an API key's secret (<c>nk_&lt;id&gt;_&lt;secret&gt;</c>).</summary>
public sealed class SignInForm
{
    public string? Key { get; set; }
}
