using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Registry.EventTypes;
using NeuronEngine.Registry.Keys;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Registry.Training;
using NeuronEngine.Testing;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Tests;

/// <summary>Which implementation of the store interfaces a test runs against.</summary>
public enum RegistryBackend
{
    /// <summary>SQLite, single-node mode.</summary>
    Sqlite,

    /// <summary>Redis, cluster mode: the process's shared redis-server, a key prefix of the registry's own.</summary>
    Redis,
}

/// <summary>
/// A registry in its own temp directory with a manual clock, plus its stores; with <see cref="RegistryBackend.Redis"/>
/// the stores are the Redis ones, under a key prefix no other test uses, on <see cref="RedisServer.Shared"/>.
/// </summary>
public sealed class TestRegistry : IDisposable
{
    private static readonly Lazy<ConnectionMultiplexer> SharedConnection = new(() => ConnectionMultiplexer.Connect(RedisServer.Shared.Configuration));

    private readonly TempDirectory directory = new("registry");

    public TestRegistry(RegistryBackend backend = RegistryBackend.Sqlite)
    {
        Backend = backend;
        Database = Open();
        if (backend == RegistryBackend.Redis)
        {
            Redis = new RedisControlPlane(SharedConnection.Value, $"t{Guid.NewGuid():N}");
        }
    }

    public RegistryBackend Backend { get; }

    /// <summary>The Redis control plane the Redis stores use; null on SQLite.</summary>
    public RedisControlPlane? Redis { get; }

    public ManualTimeProvider Clock { get; } = new();

    public string DatabasePath => Path.Combine(directory.Path, "data", "registry.db");

    public RegistryDatabase Database { get; private set; }

    /// <summary>The limits the stores below are made with; none until a test sets one (before it takes the store).</summary>
    public RegistryLimits Limits { get; } = new();

    public IEventTypeStore EventTypes => Backend == RegistryBackend.Redis
        ? new RedisEventTypeStore(Redis!, Clock, Options.Create(Limits))
        : new EventTypeStore(Database, Clock, Options.Create(Limits));

    public ITemplateStore Templates => Backend == RegistryBackend.Redis ? new RedisTemplateStore(Redis!, Clock) : new TemplateStore(Database, Clock);

    public ICatalogStore Catalog => Backend == RegistryBackend.Redis ? new RedisCatalogStore(Redis!, Clock) : new CatalogStore(Database, Clock);

    public IKeyStore Keys => Backend == RegistryBackend.Redis ? new RedisKeyStore(Redis!, Clock) : new KeyStore(Database, Clock);

    public IModelStore Models => Backend == RegistryBackend.Redis
        ? new RedisModelStore(Redis!, Clock, Options.Create(Limits))
        : SqliteModels;

    /// <summary>The SQLite model store whatever the backend, for the SQLite run store, which registers through it.</summary>
    public ModelStore SqliteModels => new(Database, Clock, Options.Create(Limits));

    /// <summary>The run store of <see cref="Backend"/>, over a model store of its own with <see cref="Limits"/>.</summary>
    public IRunStore Runs => Backend == RegistryBackend.Redis
        ? new RedisRunStore(Redis!, new RedisModelStore(Redis!, Clock, Options.Create(Limits)), Clock)
        : new RunStore(Database, SqliteModels, Clock);

    public IDatasetStore Datasets => Backend == RegistryBackend.Redis ? new RedisDatasetStore(Redis!, Clock) : new DatasetStore(Database, Clock);

    /// <summary>Opens another handle on the same file with the given migrations (default: the shipped ones).</summary>
    public RegistryDatabase Open(IReadOnlyList<string>? migrations = null) =>
        new(new RegistryOptions { DatabasePath = DatabasePath }, NullLogger.Instance, migrations ?? RegistryMigrations.All);

    /// <summary>Closes the database and opens it again, as a restart would.</summary>
    public void Reopen()
    {
        Database.Dispose();
        Database = Open();
    }

    public void Dispose()
    {
        Database.Dispose();
        directory.Dispose();
    }
}
