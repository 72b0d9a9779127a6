using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Hosting;

public sealed class BoundSectionTests : IDisposable
{
    private readonly TempDirectory data = new("bound-section");

    public void Dispose() => data.Dispose();

    private IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection([new("Engine:DataDir", data.Path), .. values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))])
            .Build();

    [Fact]
    public void AddNeuronEngine_Twice_EverySectionBoundOnce()
    {
        var configuration = Configuration();
        var services = new ServiceCollection().AddLogging();
        services.AddNeuronEngine(configuration);
        services.AddNeuronEngine(configuration);

        using var provider = services.BuildServiceProvider();
        var sections = provider.GetServices<BoundSection>().Select(s => s.Name).ToList();

        Assert.Equal(sections.Distinct(StringComparer.Ordinal), sections);
        Assert.Contains("Recommend:Batching", sections);
    }

    [Fact]
    public void Check_UnknownKeysBadValuesAndRules_EachNamedOnce()
    {
        var configuration = Configuration(("EventLog:Durabilty", "none"), ("Recommend:Bathcing:MaxBatch", "4"), ("Engine:Port", "abc"), ("Counters:HistoryLength", "0"),
            ("Trainer:PooledHistory:Dimensions", "32"));
        var services = new ServiceCollection().AddLogging();
        services.AddNeuronEngine(configuration);
        using var provider = services.BuildServiceProvider();

        var errors = BoundSection.Check(provider, configuration);

        Assert.Single(errors, e => e.StartsWith("EventLog:Durabilty is not a setting", StringComparison.Ordinal));
        Assert.Single(errors, e => e.StartsWith("Recommend:Bathcing is not a setting", StringComparison.Ordinal));
        Assert.Single(errors, e => e.Contains("'Engine:Port'", StringComparison.Ordinal));
        Assert.Single(errors, e => e.Contains("Counters:HistoryLength", StringComparison.Ordinal));

        // The trainer reads its own keys from the Trainer section: not the engine's to refuse.
        Assert.DoesNotContain(errors, e => e.Contains("Trainer:", StringComparison.Ordinal));
    }
}
