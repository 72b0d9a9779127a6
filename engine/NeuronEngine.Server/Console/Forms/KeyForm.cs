namespace NeuronEngine.Server.Console.Forms;

/// <summary>
/// A new API key as the Keys page's form posts it. The roles are checkboxes named <c>Create.Role</c> (one value per
/// checked box), read from the request's form in the order posted; <see cref="Once"/> is the form's one-use token
/// (<see cref="FormOnce"/>), so the secret page, reloaded, does not create a second key.
/// </summary>
public sealed class KeyForm
{
    public string? Name { get; set; }

    /// <summary>The tenant of the new key: an operator's choice; empty for the tenant the console works in.</summary>
    public string? Tenant { get; set; }

    public string? Once { get; set; }
}
