namespace NeuronEngine.Server.Console.Forms;

/// <summary>The header's tenant switcher (operators only), posted as <c>Switch.Tenant</c>.</summary>
public sealed class TenantSwitchForm
{
    public string? Tenant { get; set; }
}
