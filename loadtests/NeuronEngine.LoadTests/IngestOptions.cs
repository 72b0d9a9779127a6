namespace NeuronEngine.LoadTests;

internal sealed class IngestOptions
{
    public string Target { get; set; } = "http://127.0.0.1:7070";

    public string Tenant { get; set; } = "loadtest";

    public int Streams { get; set; } = 8;

    public int InFlight { get; set; } = 4;

    public int Batch { get; set; } = 500;

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(3);

    public int Users { get; set; } = 100_000;

    public int Items { get; set; } = 50_000;

    public int Seed { get; set; } = 42;

    public string? JsonPath { get; set; }
}
