using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.IntegrationTests.Cluster;

/// <summary>
/// A real redis-server (AOF, <c>appendfsync always</c>) and engine replicas as child processes on it, each with its
/// own data directory: the cluster mode as an operator runs it, on one machine.
/// </summary>
public sealed class ClusterReplicas(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly List<(TempDirectory Data, EngineProcess? Engine)> replicas = [];

    public RedisServer Redis { get; } = RedisServer.Start(appendOnly: true, appendFsync: "always");

    /// <summary>Keys of this cluster start with it.</summary>
    public string Prefix { get; } = $"it{Guid.NewGuid():N}"[..12];

    public EngineProcess this[int index] => replicas[index].Engine ?? throw new InvalidOperationException($"replica {index} is not running");

    /// <summary>The switches every replica starts with (plus <paramref name="extra"/>).</summary>
    public string[] Arguments(params string[] extra) =>
    [
        "--cluster", $"redis=127.0.0.1:{Redis.Port}", "--Cluster:KeyPrefix", Prefix, "--trainer", "off",
        "--Cluster:PollInterval", "00:00:00.200", "--Cluster:HeartbeatInterval", "00:00:00.500", "--Cluster:HeartbeatTtl", "00:00:02",
        "--Engine:CheckpointInterval", "00:00:01", .. extra,
    ];

    /// <summary>Starts a new replica on a fresh data directory; returns its index.</summary>
    public async Task<int> StartAsync(params string[] extra)
    {
        var data = new TempDirectory("replica");
        replicas.Add((data, null));
        var index = replicas.Count - 1;
        await RestartAsync(index, extra);
        return index;
    }

    /// <summary>Starts replica <paramref name="index"/> again on its data directory (after <see cref="Kill"/> or <see cref="StopAsync"/>).</summary>
    public async Task RestartAsync(int index, params string[] extra)
    {
        var engine = await EngineProcess.StartAsync(replicas[index].Data.Path, output, Arguments(extra));
        replicas[index] = (replicas[index].Data, engine);
    }

    /// <summary>SIGKILL.</summary>
    public async Task KillAsync(int index)
    {
        var engine = this[index];
        engine.Kill();
        await engine.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await engine.DisposeAsync();
        replicas[index] = (replicas[index].Data, null);
    }

    /// <summary>SIGTERM and wait for the clean stop.</summary>
    public async Task StopAsync(int index)
    {
        var engine = this[index];
        engine.Terminate();
        await engine.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await engine.DisposeAsync();
        replicas[index] = (replicas[index].Data, null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (data, engine) in replicas)
        {
            if (engine is not null)
            {
                await engine.DisposeAsync();
            }

            data.Dispose();
        }

        Redis.Dispose();
    }
}
