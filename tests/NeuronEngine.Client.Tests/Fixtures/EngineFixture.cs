using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests.Fixtures;

/// <summary>One engine per test class; tests isolate themselves by tenant.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private readonly TempDirectory data = new("client");
    private TestEngine? engine;

    public string Address => engine?.Address ?? throw new InvalidOperationException("not started");

    public static string NewTenant() => $"c-{Guid.NewGuid():N}";

    public NeuronClient Client(string tenant, Action<NeuronClientOptions>? configure = null) =>
        ClientFor(Address, tenant, configure);

    public static NeuronClient ClientFor(string address, string tenant, Action<NeuronClientOptions>? configure = null)
    {
        var options = new NeuronClientOptions { Endpoint = address, Tenant = tenant };
        configure?.Invoke(options);
        return new NeuronClient(options);
    }

    /// <summary>A new tenant with the event type <c>click</c>, and a client for it.</summary>
    public async Task<NeuronClient> TenantWithClickAsync(Action<NeuronClientOptions>? configure = null)
    {
        var client = Client(NewTenant(), configure);
        await client.EventTypes.CreateAsync("click", "Click", 3).WaitAsync(TimeSpan.FromSeconds(30));
        return client;
    }

    public static Event Click(int i) => new() { UserId = $"u{i % 50}", ItemId = $"i{i % 200}", Type = "click" };

    public async Task InitializeAsync() => engine = await TestEngine.StartAsync(data.Path);

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        data.Dispose();
    }
}
