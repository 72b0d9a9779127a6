using Grpc.Core;
using Grpc.Health.V1;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;
using Xunit.Abstractions;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace NeuronEngine.IntegrationTests.Operations.Readiness;

/// <summary>
/// The engine listens at once and recovers in the background: health says NOT_SERVING (overall and per service) and
/// calls answer UNAVAILABLE while a large log replays, then SERVING. Evidence comes from a real replay of
/// <see cref="LargeLogFixture.Events"/> events, not from a delay knob.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ReadinessTests(LargeLogFixture log, ITestOutputHelper output) : IClassFixture<LargeLogFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Restart_LargeLog_NotServingAndUnavailableDuringRecoveryThenServing()
    {
        using var data = log.Copy();
        await using var engine = EngineProcess.Launch(data.Path, output);
        var port = await EngineLines.WaitForAcceptingAsync(engine, Timeout);
        using var c = new EngineClients($"http://127.0.0.1:{port}", LargeLogFixture.Tenant);
        var health = new Health.HealthClient(c.Channel);

        // Readiness only ever goes from NOT_SERVING to SERVING, so whatever was seen before a later NOT_SERVING was
        // seen during recovery.
        var notServing = 0;
        var accepted = 0;
        while (await StatusAsync(health, "") == ServingStatus.NotServing)
        {
            var perService = new List<(string Name, ServingStatus Status)>();
            foreach (var name in EngineServiceCollectionExtensions.ServiceNames)
            {
                perService.Add((name, await StatusAsync(health, name)));
            }

            var liveness = await StatusAsync(health, "liveness");
            var track = await TryAsync(() => c.Events.TrackAsync(Seed.Batch(Seed.Event("probe", "item-1", "view"))).Within());
            var recommend = await TryAsync(() => c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "user-1" }).Within());
            if (await StatusAsync(health, "") != ServingStatus.NotServing)
            {
                accepted += track == StatusCode.OK ? 1 : 0;
                break;
            }

            notServing++;
            Assert.All(perService, s => Assert.True(s.Status == ServingStatus.NotServing, $"{s.Name} was {s.Status} during recovery"));
            Assert.Equal(ServingStatus.Serving, liveness);
            Assert.Equal(StatusCode.Unavailable, track);
            Assert.Equal(StatusCode.Unavailable, recommend);
        }

        Assert.True(notServing > 0, "health never reported NOT_SERVING while the log replayed");
        await EngineLines.WaitForAsync(engine, l => l.Contains("NeuronEngine listening on", StringComparison.Ordinal), Timeout);
        foreach (var name in EngineServiceCollectionExtensions.ServiceNames.Prepend(""))
        {
            Assert.Equal(ServingStatus.Serving, await StatusAsync(health, name));
        }

        var stats = await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();
        Assert.Equal(LargeLogFixture.Events + accepted, stats.Total);
        var recovered = Assert.Single(engine.Lines, l => l.Contains("Recovered: checkpoint at log position 0", StringComparison.Ordinal));
        Assert.Contains($"({LargeLogFixture.Events} events,", recovered, StringComparison.Ordinal);
        output.WriteLine($"NOT_SERVING seen {notServing} times");
    }

    [Fact]
    public async Task Terminate_DuringRecovery_ExitsCleanlyAndTheNextStartHasEveryEvent()
    {
        using var data = log.Copy();
        await using (var engine = EngineProcess.Launch(data.Path, output))
        {
            var port = await EngineLines.WaitForAcceptingAsync(engine, Timeout);
            using var c = new EngineClients($"http://127.0.0.1:{port}", LargeLogFixture.Tenant);
            _ = await StatusAsync(new Health.HealthClient(c.Channel), "");
            engine.Terminate();
            Assert.Equal(0, await engine.WaitForExitAsync(Timeout));
            Assert.DoesNotContain(engine.Lines, l => l.Contains("cannot start", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal) || l.Contains("Unhandled", StringComparison.Ordinal));
        }

        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, LargeLogFixture.Tenant);
            Assert.Equal(LargeLogFixture.Events, (await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total);
        }
    }

    private static async Task<ServingStatus> StatusAsync(Health.HealthClient health, string service) =>
        (await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(30))).Status;

    private static async Task<StatusCode> TryAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }
}
