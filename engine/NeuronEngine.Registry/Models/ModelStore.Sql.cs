using Microsoft.Data.Sqlite;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    private const string VersionColumns =
        "tenant, family, version, name, label, description, status, created, run_id, template_id, metrics, manifest, artifact_path, size_bytes, approved, approved_by";

    private static RegisteredVersion? FindVersion(SqliteConnection connection, SqliteTransaction? transaction, FamilyRef family, int version)
    {
        using var command = connection.Command(transaction, $"""
            SELECT {VersionColumns} FROM model_versions WHERE tenant = $owner AND family = $family AND version = $version
            """).With("$owner", family.OwnerTenant).With("$family", family.Name).With("$version", version);
        var found = ReadVersions(command);
        return found.Count > 0 ? found[0] : null;
    }

    private static List<RegisteredVersion> ReadVersions(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var versions = new List<RegisteredVersion>();
        while (reader.Read())
        {
            versions.Add(ReadVersion(reader));
        }

        return versions;
    }

    /// <summary>The version at the reader's row, selected as <see cref="VersionColumns"/>.</summary>
    private static RegisteredVersion ReadVersion(SqliteDataReader reader)
    {
        var family = new FamilyRef(reader.GetString(0), reader.GetString(1));
        var version = reader.GetInt32(2);
        return new RegisteredVersion(
            family,
            version,
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            (ModelVersionStatus)reader.GetInt32(6),
            reader.GetTimestamp(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            MetricsCodec.Decode(reader.GetString(10), new VersionRef(family, version)),
            reader.GetString(11),
            reader.GetString(12),
            reader.GetInt64(13),
            reader.GetNullableTimestamp(14),
            reader.IsDBNull(15) ? null : reader.GetString(15));
    }

    private static VersionRef? ReadVersionRef(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal + 2) ? null : new VersionRef(new FamilyRef(reader.GetString(ordinal), reader.GetString(ordinal + 1)), reader.GetInt32(ordinal + 2));
}
