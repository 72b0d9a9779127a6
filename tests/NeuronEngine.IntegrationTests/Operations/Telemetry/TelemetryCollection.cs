namespace NeuronEngine.IntegrationTests.Operations.Telemetry;

/// <summary>The telemetry tests share one engine; they isolate themselves by tenant and compare scrapes before and after.</summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryEngine>
{
    public const string Name = "telemetry";
}
