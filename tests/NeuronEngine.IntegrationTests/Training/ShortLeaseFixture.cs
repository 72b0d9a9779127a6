namespace NeuronEngine.IntegrationTests.Training;

/// <summary>An engine whose leases last one second and are checked every 100 ms, so expiry can be waited out.</summary>
public sealed class ShortLeaseFixture() : TrainingEngine("--Training:LeaseSeconds", "1", "--Training:ExpiryInterval", "00:00:00.100");
