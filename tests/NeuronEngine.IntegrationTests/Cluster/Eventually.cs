namespace NeuronEngine.IntegrationTests.Cluster;

/// <summary>Waits for what another replica sees to converge: replicas apply each other's events within the stream lag.</summary>
public static class Eventually
{
    /// <summary>Reads until <paramref name="done"/> holds for the value read, or 30 s pass; returns the last value read.</summary>
    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }
}
