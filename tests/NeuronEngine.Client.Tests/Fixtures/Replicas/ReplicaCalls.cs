namespace NeuronEngine.Client.Tests.Fixtures.Replicas;

/// <summary>Drives calls through a balanced client until the replicas show what a test needs.</summary>
public static class ReplicaCalls
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Makes <paramref name="call"/> (each must succeed) until every one of <paramref name="servers"/> received
    /// <paramref name="method"/> at least once; returns how many calls that took. Fails past <paramref name="maxCalls"/>:
    /// round robin starts with the replicas connected first, so a fixed count could miss one that connected late.
    /// </summary>
    public static async Task<int> UntilEachServedAsync(Func<Task> call, IReadOnlyCollection<ReplicaServer> servers, string method, int maxCalls = 1000)
    {
        for (var calls = 1; calls <= maxCalls; calls++)
        {
            await call().WaitAsync(Timeout);
            if (servers.All(s => s.Replica.Calls(method) > 0))
            {
                return calls;
            }
        }

        throw new Xunit.Sdk.XunitException(
            $"after {maxCalls} calls some replica never received {method}: " + string.Join(", ", servers.Select(s => $"{s.Replica.Name}={s.Replica.Calls(method)}")));
    }
}
