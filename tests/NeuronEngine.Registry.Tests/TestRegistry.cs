using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Registry.EventTypes;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Testing;

namespace NeuronEngine.Registry.Tests;

/// <summary>A registry in its own temp directory with a manual clock, plus its stores.</summary>
public sealed class TestRegistry : IDisposable
{
    private readonly TempDirectory directory = new("registry");

    public TestRegistry()
    {
        Database = Open();
    }

    public ManualTimeProvider Clock { get; } = new();

    public string DatabasePath => Path.Combine(directory.Path, "data", "registry.db");

    public RegistryDatabase Database { get; private set; }

    /// <summary>The limits the stores below are made with; none until a test sets one (before it takes the store).</summary>
    public RegistryLimits Limits { get; } = new();

    public EventTypeStore EventTypes => new(Database, Clock, Options.Create(Limits));

    public TemplateStore Templates => new(Database, Clock);

    public CatalogStore Catalog => new(Database, Clock);

    public ModelStore Models => new(Database, Clock, Options.Create(Limits));

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
