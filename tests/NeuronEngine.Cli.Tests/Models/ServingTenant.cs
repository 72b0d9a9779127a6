using NeuronEngine.Cli.Tests.Fixtures;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Models;

/// <summary>Sets up a tenant through the SDK: event types, planted models (<see cref="PlantedModels"/>) registered and approved.</summary>
public sealed class ServingTenant : IDisposable
{
    public const int Items = 40;
    public const int Clusters = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory scratch = new("cli-models");

    public ServingTenant(CliEngine engine)
    {
        Tenant = CliEngine.NewTenant();
        Client = new NeuronClient(new NeuronClientOptions { Endpoint = engine.Endpoint, Tenant = Tenant });
    }

    public string Tenant { get; }

    public NeuronClient Client { get; }

    /// <summary>click (5) and purchase (50).</summary>
    public async Task EventTypesAsync()
    {
        await Client.EventTypes.CreateAsync("click", "Click", 5).WaitAsync(Timeout);
        await Client.EventTypes.CreateAsync("purchase", "Purchase", 50).WaitAsync(Timeout);
    }

    /// <summary>Registers a planted model as the family's next version (Pending unless <paramref name="approve"/>).</summary>
    public async Task<int> RegisterAsync(string family = "recs", bool approve = true)
    {
        var artifact = PlantedModels.Write(scratch.Combine(Guid.NewGuid().ToString("N")), Items, Clusters);
        using var zip = new MemoryStream(PlantedModels.Zip(artifact));
        var version = await Client.Models.RegisterVersionAsync(new RegisterVersionHeader { Family = family }, zip, Timeout).WaitAsync(Timeout);
        if (approve)
        {
            await Client.Models.ApproveVersionAsync(family, version.Version).WaitAsync(Timeout);
        }

        return version.Version;
    }

    /// <summary>Event types, one approved planted model promoted on production; returns its version.</summary>
    public async Task<int> ServeAsync(string family = "recs")
    {
        await EventTypesAsync();
        var version = await RegisterAsync(family);
        await Client.Models.PromoteAsync(family, version).WaitAsync(Timeout);
        return version;
    }

    public void Dispose()
    {
        Client.Dispose();
        scratch.Dispose();
    }
}
