using Grpc.Core;
using NeuronEngine.Client.Tests.Fixtures;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests;

/// <summary>
/// RESOURCE_EXHAUSTED both ways against a real engine with low limits: a rate limit is waited out and retried, a cap the
/// tenant reached is not (retrying the same batch cannot pass it).
/// </summary>
public sealed class EventTrackerLimitsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory data = new("client-limits");
    private TestEngine? engine;

    public async Task InitializeAsync() =>
        engine = await TestEngine.StartAsync(data.Path, 0, "--Limits:EventsPerSecond", "10", "--Limits:EventsBurst", "10", "--Limits:MaxTagValuesPerType", "2");

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        data.Dispose();
    }

    [Fact]
    public async Task FlushAsync_OverTheEventRate_RetriedUntilEveryEventIsStored()
    {
        var logs = new RecordingLoggerFactory();
        using var client = await TenantWithClickAsync(logs);
        await using var tracker = client.CreateTracker();

        // Three full batches of the burst's size: the second and third wait for the bucket to refill.
        for (var i = 0; i < 30; i++)
        {
            await tracker.TrackAsync(EngineFixture.Click(i)).AsTask().WaitAsync(Timeout);
        }

        await tracker.FlushAsync().WaitAsync(Timeout);

        Assert.Equal(30, tracker.Sent);
        Assert.Equal(0, tracker.Failed);
        Assert.Contains(logs.Logger.Named("TrackRetrying"), m => m.Contains("ResourceExhausted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FlushAsync_TagCapReached_NotRetriedAndThrowsResourceExhausted()
    {
        var logs = new RecordingLoggerFactory();

        // The three events go in one batch, sent by the flush.
        using var client = await TenantWithClickAsync(logs, o => o.TrackerFlushInterval = TimeSpan.FromMinutes(10));
        var tracker = client.CreateTracker();
        for (var i = 0; i < 3; i++)
        {
            await tracker.TrackAsync(new Event { UserId = "u1", ItemId = "i1", Type = "click", Tags = { $"surface:s{i}" } }).AsTask().WaitAsync(Timeout);
        }

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => tracker.FlushAsync()).WaitAsync(Timeout);
        await tracker.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("MaxTagValuesPerType", ex.Detail, StringComparison.Ordinal);
        Assert.Equal(3, ex.LostEvents);
        Assert.Empty(logs.Logger.Named("TrackRetrying"));
        Assert.Single(logs.Logger.Named("TrackRefused"));
    }

    private async Task<NeuronClient> TenantWithClickAsync(RecordingLoggerFactory logs, Action<NeuronClientOptions>? configure = null)
    {
        var options = new NeuronClientOptions
        {
            Endpoint = engine!.Address,
            Tenant = EngineFixture.NewTenant(),
            TrackerMaxBatch = 10,
            TrackerMaxAttempts = 1000,
            TrackerInitialBackoff = TimeSpan.FromMilliseconds(50),
            TrackerMaxBackoff = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        var client = new NeuronClient(options, logs);
        await client.EventTypes.CreateAsync("click", "Click", 3).WaitAsync(Timeout);
        return client;
    }
}
