namespace NeuronEngine.Registry.Keys;

/// <summary>What an API key may do. <see cref="Admin"/> holds every role in its tenant; <see cref="Operator"/> in every tenant.</summary>
[Flags]
public enum Roles
{
    None = 0,

    /// <summary>Track, TrackStream, catalog writes.</summary>
    Ingest = 1,

    /// <summary>Recommend, SimilarItems, reads of the catalog and of models.</summary>
    Serve = 2,

    /// <summary>Templates, datasets, runs.</summary>
    Train = 4,

    /// <summary>Register, approve, label, promote and roll back model versions.</summary>
    Models = 8,

    /// <summary>Everything in its tenant, event types and the tenant's keys included.</summary>
    Admin = 16,

    /// <summary>Every tenant, the shared base models, backups, trainers' leases, keys of any tenant.</summary>
    Operator = 32,
}

/// <summary>Role names as the API spells them, and the one rule of who holds what.</summary>
public static class RoleNames
{
    private static readonly (Roles Role, string Name)[] Table =
    [
        (Roles.Ingest, "ingest"), (Roles.Serve, "serve"), (Roles.Train, "train"),
        (Roles.Models, "models"), (Roles.Admin, "admin"), (Roles.Operator, "operator"),
    ];

    /// <summary>Every role name, in the order the API lists them.</summary>
    public static IReadOnlyList<string> All { get; } = Table.Select(r => r.Name).ToArray();

    /// <summary>The API name of one role.</summary>
    public static string Name(Roles role) => Table.First(r => r.Role == role).Name;

    /// <summary>The names of every role in <paramref name="roles"/>, in API order.</summary>
    public static IReadOnlyList<string> Names(Roles roles) => Table.Where(r => (roles & r.Role) != 0).Select(r => r.Name).ToArray();

    /// <summary>The role named <paramref name="name"/>, or <see cref="Roles.None"/> when there is none.</summary>
    public static Roles Parse(string name)
    {
        foreach (var (role, n) in Table)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return role;
            }
        }

        return Roles.None;
    }

    /// <summary>
    /// True when a key holding <paramref name="held"/> may make a call that needs any of <paramref name="needed"/> in a
    /// tenant; <see cref="Roles.Admin"/> and <see cref="Roles.Operator"/> hold every tenant-level role.
    /// </summary>
    public static bool Allows(Roles held, Roles needed) =>
        (held & Roles.Operator) != 0
        || ((needed & Roles.Operator) == 0 && (held & (needed | Roles.Admin)) != 0);
}
