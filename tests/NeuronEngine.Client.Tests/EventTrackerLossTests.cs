using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using NeuronEngine.Client.Tests.Fixtures;
using NeuronEngine.Client.Tracking;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests;

/// <summary>
/// Batches the tracker gives up on surface where the code looks: FlushAsync and DisposeAsync throw unless a BatchFailed
/// handler took them, and each loss is logged once.
/// </summary>
public sealed class EventTrackerLossTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The README's snippet with a typo in the type: before, DisposeAsync finished normally and the event was gone with
    /// nothing said.
    /// </summary>
    [Fact]
    public async Task DisposeAsync_UnknownTypeNoHandler_ThrowsInvalidArgumentWithTheLostEvent()
    {
        var logs = new RecordingLoggerFactory();
        using var client = await TenantWithClickAsync(logs);
        var tracker = client.CreateTracker();
        await tracker.TrackAsync(new Event { UserId = "u1", ItemId = "shoe-42", Type = "clik" }).AsTask().WaitAsync(Timeout);

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => tracker.DisposeAsync().AsTask()).WaitAsync(Timeout);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(1, ex.LostEvents);
        var lost = Assert.Single(ex.LostBatches);
        Assert.Equal("clik", Assert.Single(lost.Events).Type);
        Assert.Equal("events[0].type", lost.Error.Field);
        Assert.Contains("clik", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, tracker.Failed);

        // Refused, so never retried, and logged once.
        Assert.Single(logs.Logger.Named("TrackRefused"));
        Assert.Empty(logs.Logger.Named("TrackRetrying"));
    }

    [Fact]
    public async Task FlushAsync_UnknownTypeNoHandler_ThrowsOnceThenTheTrackerGoesOn()
    {
        using var client = await TenantWithClickAsync();
        var tracker = client.CreateTracker();
        await tracker.TrackAsync(new Event { UserId = "u1", ItemId = "i1", Type = "clik" }).AsTask().WaitAsync(Timeout);

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => tracker.FlushAsync()).WaitAsync(Timeout);
        await tracker.TrackAsync(EngineFixture.Click(1)).AsTask().WaitAsync(Timeout);
        await tracker.FlushAsync().WaitAsync(Timeout);
        await tracker.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(1, tracker.Sent);
        Assert.Equal(1, (await client.Events.GetStatsAsync().WaitAsync(Timeout)).Total);
    }

    [Fact]
    public async Task FlushAsync_ThreeRefusedBatches_OneExceptionReportingEach()
    {
        using var client = await TenantWithClickAsync(configure: o => o.TrackerMaxBatch = 1);
        var tracker = client.CreateTracker();
        await tracker.TrackAsync(new Event { UserId = "u1", ItemId = "i1", Type = "clik" }).AsTask().WaitAsync(Timeout);
        await tracker.TrackAsync(new Event { UserId = "u1", ItemId = "i1", Type = "purchse" }).AsTask().WaitAsync(Timeout);
        await tracker.TrackAsync(new Event { UserId = "", ItemId = "i1", Type = "click" }).AsTask().WaitAsync(Timeout);
        await tracker.TrackAsync(EngineFixture.Click(1)).AsTask().WaitAsync(Timeout);

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => tracker.FlushAsync()).WaitAsync(Timeout);
        await tracker.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(3, ex.LostEvents);
        Assert.Equal(["clik", "purchse", "click"], ex.LostBatches.Select(b => b.Events.Single().Type));
        Assert.Contains("3 tracked events in 3 batches not stored", ex.Detail, StringComparison.Ordinal);
        Assert.Contains("unknown event type \"clik\"", ex.Detail, StringComparison.Ordinal);
        Assert.Equal(1, tracker.Sent);
    }

    [Fact]
    public async Task DisposeAsync_HandlerSubscribed_HandlerGetsTheLossAndNothingThrows()
    {
        using var client = await TenantWithClickAsync();
        var tracker = client.CreateTracker();
        var failures = new List<TrackFailedEventArgs>();
        tracker.BatchFailed += (_, e) => { lock (failures) { failures.Add(e); } };
        await tracker.TrackAsync(new Event { UserId = "u1", ItemId = "i1", Type = "clik" }).AsTask().WaitAsync(Timeout);

        await tracker.FlushAsync().WaitAsync(Timeout);
        await tracker.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(StatusCode.InvalidArgument, Assert.Single(failures).Error.StatusCode);
        Assert.Equal(1, tracker.Failed);
    }

    [Fact]
    public async Task DisposeAsync_EngineUnreachable_ThrowsUnavailableAfterTheConfiguredAttempts()
    {
        var logs = new RecordingLoggerFactory();
        using var client = Unreachable(logs, o =>
        {
            o.TrackerMaxAttempts = 3;
            o.TrackerInitialBackoff = TimeSpan.FromMilliseconds(10);
            o.TrackerMaxBackoff = TimeSpan.FromMilliseconds(20);
        });
        var tracker = client.CreateTracker();
        await tracker.TrackAsync(EngineFixture.Click(1)).AsTask().WaitAsync(Timeout);

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => tracker.DisposeAsync().AsTask()).WaitAsync(Timeout);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(1, ex.LostEvents);
        Assert.Equal(2, logs.Logger.Named("TrackRetrying").Count);
        Assert.Single(logs.Logger.Named("TrackGaveUp"));
    }

    /// <summary>
    /// With retries that never give up, an engine that stays away must not hold DisposeAsync for ever: after the close
    /// timeout, what is unsent is reported lost.
    /// </summary>
    [Fact]
    public async Task DisposeAsync_RetriesWithoutEndEngineUnreachable_GivesUpAfterTheCloseTimeoutReportingEveryEvent()
    {
        var logs = new RecordingLoggerFactory();
        using var client = Unreachable(logs, o =>
        {
            o.TrackerMaxAttempts = int.MaxValue;
            o.TrackerInitialBackoff = TimeSpan.FromMilliseconds(10);
            o.TrackerMaxBackoff = TimeSpan.FromMilliseconds(50);
            o.TrackerMaxBatch = 2;
            o.TrackerCloseTimeout = TimeSpan.FromMilliseconds(500);
        });
        var tracker = client.CreateTracker();
        for (var i = 0; i < 5; i++)
        {
            await tracker.TrackAsync(EngineFixture.Click(i)).AsTask().WaitAsync(Timeout);
        }

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => tracker.DisposeAsync().AsTask()).WaitAsync(Timeout);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(5, ex.LostEvents);
        Assert.Equal(5, ex.LostBatches.Sum(b => b.Events.Count));
        Assert.Contains("TrackerCloseTimeout", ex.Detail, StringComparison.Ordinal);
        Assert.Contains("last failure Unavailable", ex.Detail, StringComparison.Ordinal);
        Assert.Equal(5, tracker.Failed);
        Assert.Equal(ex.LostBatches.Count, logs.Logger.Named("TrackGivenUpAtClose").Count);
    }

    private async Task<NeuronClient> TenantWithClickAsync(ILoggerFactory? logs = null, Action<NeuronClientOptions>? configure = null)
    {
        var options = new NeuronClientOptions { Endpoint = engine.Address, Tenant = EngineFixture.NewTenant() };
        configure?.Invoke(options);
        var client = new NeuronClient(options, logs);
        await client.EventTypes.CreateAsync("click", "Click", 3).WaitAsync(Timeout);
        return client;
    }

    /// <summary>A client for a loopback port nothing listens on: every connection is refused at once.</summary>
    private static NeuronClient Unreachable(ILoggerFactory logs, Action<NeuronClientOptions> configure)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new NeuronClientOptions { Endpoint = $"http://127.0.0.1:{port}", Tenant = "t" };
        configure(options);
        return new NeuronClient(options, logs);
    }
}
