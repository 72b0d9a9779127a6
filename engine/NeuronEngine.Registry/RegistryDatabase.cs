using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;

namespace NeuronEngine.Registry;

/// <summary>
/// The control plane's SQLite file (<c>registry.db</c>): opens it in WAL mode with foreign keys and a busy
/// timeout, and brings its schema up to date before anything else touches it.
/// </summary>
/// <remarks>
/// Construction does I/O and applies pending migrations; resolve it at start-up so that a bad or too-new
/// database stops the engine with a clear message. Thread-safe: every operation opens its own pooled
/// connection, and writes run in <c>BEGIN IMMEDIATE</c> transactions so concurrent writers queue on the
/// busy timeout instead of failing on a lock upgrade.
/// </remarks>
public sealed partial class RegistryDatabase : IDisposable
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly string connectionString;
    private readonly int busyTimeoutMilliseconds;
    private readonly ILogger logger;

    /// <summary>Opens (creating when missing) and migrates the database named by <paramref name="options"/>.</summary>
    public RegistryDatabase(IOptions<RegistryOptions> options, ILogger<RegistryDatabase> logger)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)), logger, RegistryMigrations.All)
    {
    }

    internal RegistryDatabase(RegistryOptions options, ILogger logger, IReadOnlyList<string> migrations)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(migrations);

        this.logger = logger;
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        busyTimeoutMilliseconds = (int)Math.Ceiling(options.BusyTimeout.TotalMilliseconds);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();

        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        try
        {
            SchemaVersion = Migrate(migrations);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            throw NeuronException.DataLoss($"registry database {DatabasePath} is not a readable SQLite database: {ex.Message}", ex);
        }
    }

    /// <summary>The absolute path of the SQLite file.</summary>
    public string DatabasePath { get; }

    /// <summary>The schema version (<c>PRAGMA user_version</c>) after start-up migrations.</summary>
    public int SchemaVersion { get; }

    /// <summary>Opens a pooled connection with this database's per-connection settings applied.</summary>
    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds};";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Releases pooled connections so the file is closed.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private int Migrate(IReadOnlyList<string> migrations)
    {
        using var connection = Open();

        // journal_mode cannot change inside a transaction, and WAL persists in the file once set.
        var mode = connection.Scalar(null, "PRAGMA journal_mode = WAL;") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            Log.NotWal(logger, DatabasePath, mode ?? "unknown");
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var found = Convert.ToInt32(connection.Scalar(transaction, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (found > migrations.Count)
        {
            throw NeuronException.FailedPrecondition(
                $"registry database {DatabasePath} has schema version {found} but this engine knows versions up to {migrations.Count}; " +
                "refusing to start: run a newer engine or restore a backup made by this version");
        }

        for (var version = found; version < migrations.Count; version++)
        {
            connection.Execute(transaction, migrations[version]);
            connection.Execute(transaction, $"PRAGMA user_version = {version + 1};");
            Log.MigrationApplied(logger, DatabasePath, version + 1);
        }

        transaction.Commit();
        Log.Opened(logger, DatabasePath, migrations.Count, found);
        return migrations.Count;
    }
}
