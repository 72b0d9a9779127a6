namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <inheritdoc/>
    public IReadOnlyList<ModelFamily> ListFamilies(string tenant)
    {
        RegistryRules.RequireTenant(tenant);
        using var connection = database.Open();
        using var command = connection.Command(null, """
            SELECT f.tenant, f.family, f.created,
                   (SELECT max(v.version) FROM model_versions v WHERE v.tenant = f.tenant AND v.family = f.family),
                   e.version
            FROM model_families f
            LEFT JOIN model_endpoints e
                ON e.tenant = $tenant AND e.endpoint = $production AND e.owner_tenant = f.tenant AND e.family = f.family
            WHERE f.tenant IN ($tenant, $shared)
            ORDER BY f.tenant <> $tenant, f.family
            """).With("$tenant", tenant).With("$shared", Core.TenantId.Shared).With("$production", DefaultEndpoint);
        using var reader = command.ExecuteReader();
        var families = new List<ModelFamily>();
        while (reader.Read())
        {
            families.Add(new ModelFamily(
                new FamilyRef(reader.GetString(0), reader.GetString(1)),
                reader.GetInt32(3),
                reader.GetNullableInt32(4),
                reader.GetTimestamp(2)));
        }

        return families;
    }
}
