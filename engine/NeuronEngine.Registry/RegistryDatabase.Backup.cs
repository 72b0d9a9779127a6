using Microsoft.Data.Sqlite;

namespace NeuronEngine.Registry;

public sealed partial class RegistryDatabase
{
    /// <summary>
    /// Copies the database to <paramref name="targetPath"/> (a file that must not exist yet) through SQLite's online
    /// backup API, a consistent snapshot taken while the engine keeps writing, and returns the artifact folder of every
    /// model version the copy holds (relative to the models directory), so the caller can copy exactly those.
    /// </summary>
    /// <remarks>Writers wait while the pages are copied (milliseconds for a registry; it holds no events).</remarks>
    public IReadOnlyList<string> BackupTo(string targetPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetPath);
        if (File.Exists(targetPath))
        {
            throw new IOException($"the backup target {targetPath} already exists");
        }

        // No pooling: the file must be closed (and its WAL folded in) when this returns, before the caller moves it.
        var target = new SqliteConnectionStringBuilder { DataSource = targetPath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        using (var source = Open())
        using (var destination = new SqliteConnection(target))
        {
            destination.Open();
            source.BackupDatabase(destination);
        }

        var paths = new List<string>();
        using var copy = new SqliteConnection(target);
        copy.Open();
        using var command = copy.Command(null, "SELECT artifact_path FROM model_versions ORDER BY artifact_path;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            paths.Add(reader.GetString(0));
        }

        return paths;
    }
}
