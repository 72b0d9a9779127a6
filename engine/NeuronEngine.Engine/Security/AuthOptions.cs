using NeuronEngine.Core;

namespace NeuronEngine.Engine.Security;

/// <summary>Who may call without a key.</summary>
public enum AuthMode
{
    /// <summary>Calls from 127.0.0.1 or ::1 without a key act as the operator; every other call needs a key (the default).</summary>
    Loopback,

    /// <summary>Every call needs a key, loopback too (health excepted).</summary>
    Required,
}

/// <summary>Authentication. Bound from the <c>Auth</c> section; <c>--auth</c> maps to <see cref="Mode"/>.</summary>
public sealed class AuthOptions : IValidatedOptions
{
    public const string SectionName = "Auth";

    /// <summary><c>loopback</c> (default) or <c>required</c>.</summary>
    public AuthMode Mode { get; set; } = AuthMode.Loopback;

    /// <summary>Where the first start writes the operator key's secret. Default <c>&lt;data-dir&gt;/operator.key</c>.</summary>
    public string? OperatorKeyFile { get; set; }

    /// <summary>Most keys a tenant may hold that are not revoked. Default 1,000.</summary>
    public int MaxKeysPerTenant { get; set; } = 1000;

    /// <summary>Every broken rule, as <c>Auth:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Mode))
        {
            errors.Add($"{SectionName}:Mode must be loopback or required (got {Mode})");
        }

        if (MaxKeysPerTenant is < 1 or > 1_000_000)
        {
            errors.Add($"{SectionName}:MaxKeysPerTenant must be 1-1000000 (got {MaxKeysPerTenant})");
        }

        if (OperatorKeyFile is { Length: 0 })
        {
            errors.Add($"{SectionName}:OperatorKeyFile must not be empty when set");
        }

        return errors;
    }
}
