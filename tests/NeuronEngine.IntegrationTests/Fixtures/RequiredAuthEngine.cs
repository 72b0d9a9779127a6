namespace NeuronEngine.IntegrationTests.Fixtures;

/// <summary>An engine of its own with <c>--auth required</c>, and the operator key its first start wrote.</summary>
public sealed class RequiredAuthEngine : IAsyncLifetime
{
    private OwnEngine? engine;

    public string Address => Engine.Address;

    public OwnEngine Engine => engine ?? throw new InvalidOperationException("not started");

    /// <summary>The secret of the bootstrap operator key (from <c>&lt;data-dir&gt;/operator.key</c>).</summary>
    public string OperatorSecret { get; private set; } = "";

    public async Task InitializeAsync()
    {
        engine = await OwnEngine.StartAsync("auth-required", ["--auth", "required"]);
        OperatorSecret = File.ReadAllText(Path.Combine(engine.Data.Path, "operator.key")).Trim();
    }

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }
    }
}
