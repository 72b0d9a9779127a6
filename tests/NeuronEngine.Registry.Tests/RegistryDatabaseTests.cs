using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Registry.EventTypes;

namespace NeuronEngine.Registry.Tests;

public sealed class RegistryDatabaseTests : IDisposable
{
    private readonly TestRegistry registry = new();

    public void Dispose() => registry.Dispose();

    [Fact]
    public void Open_EmptyDirectory_AppliesEveryMigration()
    {
        Assert.Equal(RegistryMigrations.All.Count, registry.Database.SchemaVersion);
        Assert.Equal(RegistryMigrations.All.Count, UserVersion());
        Assert.Equal(
            ["api_keys", "audit_log", "catalog_items", "datasets", "event_types", "model_endpoints", "model_families", "model_promotions", "model_versions", "run_epochs",
                "run_logs", "template_signals", "templates", "training_runs"],
            Tables());
    }

    [Fact]
    public void Open_Always_UsesWalForeignKeysAndBusyTimeout()
    {
        using var connection = registry.Database.Open();
        Assert.Equal("wal", connection.Scalar(null, "PRAGMA journal_mode;"));
        Assert.Equal(1L, connection.Scalar(null, "PRAGMA foreign_keys;"));
        Assert.Equal(5000L, connection.Scalar(null, "PRAGMA busy_timeout;"));
    }

    [Fact]
    public void Open_Reopened_KeepsData()
    {
        registry.EventTypes.Create("acme", "click", "Click", 3);
        registry.Reopen();

        Assert.Equal(3, registry.EventTypes.Get("acme", "click").Weight);
        Assert.Equal(RegistryMigrations.All.Count, registry.Database.SchemaVersion);
    }

    [Fact]
    public void Open_SchemaNewerThanCode_RefusesToStart()
    {
        SetUserVersion(RegistryMigrations.All.Count + 1);
        registry.Database.Dispose();

        var ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => registry.Open());
        Assert.Contains($"schema version {RegistryMigrations.All.Count + 1}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(RegistryMigrations.All.Count + 1, UserVersion());
    }

    [Fact]
    public void Open_MigrationAppended_AppliesOnlyThePendingOne()
    {
        registry.EventTypes.Create("acme", "click", "Click", 3);
        registry.Database.Dispose();

        // A plain CREATE TABLE fails if run twice, so success proves the shipped migrations were skipped.
        using var upgraded = registry.Open([.. RegistryMigrations.All, "CREATE TABLE runs (tenant TEXT NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY (tenant, run_id));"]);

        Assert.Equal(RegistryMigrations.All.Count + 1, upgraded.SchemaVersion);
        Assert.Contains("runs", Tables());
        Assert.Equal(3, new EventTypeStore(upgraded, registry.Clock).Get("acme", "click").Weight);
    }

    [Fact]
    public void Open_MigrationFails_RollsBackEveryPendingMigration()
    {
        registry.Database.Dispose();

        Assert.ThrowsAny<SqliteException>(() => registry.Open([.. RegistryMigrations.All, "CREATE TABLE runs (id TEXT);", "SELECT * FROM no_such_table;"]));

        Assert.Equal(RegistryMigrations.All.Count, UserVersion());
        Assert.DoesNotContain("runs", Tables());
    }

    [Fact]
    public void Open_FileIsNotADatabase_ThrowsDataLoss()
    {
        registry.Database.Dispose();
        File.WriteAllBytes(registry.DatabasePath, new byte[8192].Select((_, i) => (byte)(i * 7)).ToArray());
        foreach (var sidecar in new[] { "-wal", "-shm" })
        {
            File.Delete(registry.DatabasePath + sidecar);
        }

        NeuronAssert.Throws(ErrorKind.DataLoss, () => registry.Open());
    }

    [Fact]
    public void Validator_InvalidOptions_FailsListingEveryError()
    {
        // Options are checked once, by the validator AddNeuronRegistry registers (start-up resolves every section), not again by the database.
        var options = new RegistryOptions { DatabasePath = " ", BusyTimeout = TimeSpan.Zero };

        using var services = new ServiceCollection()
            .AddNeuronRegistry(o => (o.DatabasePath, o.BusyTimeout) = (options.DatabasePath, options.BusyTimeout))
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RegistryOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("DatabasePath", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("BusyTimeout", StringComparison.Ordinal));
    }

    private int UserVersion()
    {
        using var connection = RawConnection();
        return Convert.ToInt32(connection.Scalar(null, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void SetUserVersion(int version)
    {
        using var connection = RawConnection();
        connection.Execute(null, $"PRAGMA user_version = {version};");
    }

    private List<string> Tables()
    {
        using var connection = RawConnection();
        using var command = connection.Command(null, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private SqliteConnection RawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = registry.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
