namespace NeuronEngine.Core;

/// <summary>Rules for tenant names. Every stored thing is keyed by a tenant name that passed <see cref="Validate"/>.</summary>
public static class TenantId
{
    /// <summary>The tenant used when a call names none.</summary>
    public const string Default = "default";

    /// <summary>The tenant that holds base models every tenant may serve. Reserved: events and catalog items are refused.</summary>
    public const string Shared = "shared";

    /// <summary>The longest tenant name, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Returns null when <paramref name="tenant"/> is valid, otherwise the broken rule.
    /// A tenant is 1–64 characters of lower-case ASCII letters, digits, '-' and '_', starting with a letter or digit.
    /// </summary>
    public static string? Validate(string? tenant)
    {
        if (string.IsNullOrEmpty(tenant))
        {
            return "must not be empty";
        }

        if (tenant.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }

        for (var i = 0; i < tenant.Length; i++)
        {
            var c = tenant[i];
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (i > 0 && c is '-' or '_');
            if (!ok)
            {
                return $"\"{tenant}\" must match ^[a-z0-9][a-z0-9_-]{{0,63}}$";
            }
        }

        return null;
    }
}
