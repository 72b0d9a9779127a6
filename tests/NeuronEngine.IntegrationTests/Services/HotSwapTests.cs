using System.Collections.Concurrent;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Services;

/// <summary>Promotion under traffic: the moment SREs care about most.</summary>
public sealed class HotSwapTests(EngineFixture engine) : IClassFixture<EngineFixture>, IDisposable
{
    private readonly TempDirectory scratch = new("hotswap");

    [Fact]
    public async Task Promote_TwentySwapsAndABrokenOneUnderSteadyLoad_NoFailedCallAndOnlyServedSessionsAlive()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        await c.Events.TrackAsync(Batch([.. Enumerable.Range(0, 20).Select(u => Event($"u{u}", PlantedModels.ItemId(u)))])).Within();
        var v1 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v1");
        var v2 = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v2", scale: 2f);
        var broken = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "broken");
        foreach (var file in Directory.GetFiles(Path.Combine(engine.DataDir, "models"), "model.onnx", SearchOption.AllDirectories)
                     .Where(p => p.Contains($"{Path.DirectorySeparatorChar}recs{Path.DirectorySeparatorChar}{broken}{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            await File.WriteAllTextAsync(file, "not a model any more");
        }

        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v1 }).Within();

        // A steady open-loop client: a call every 2 ms, whatever the previous ones are doing.
        var failures = new ConcurrentQueue<string>();
        var versionsSeen = new ConcurrentDictionary<int, int>();
        var calls = 0;
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            var inFlight = new List<Task>();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(2));
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                var user = $"u{Interlocked.Increment(ref calls) % 20}";
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        var response = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = user, Count = 5 }, deadline: DateTime.UtcNow.AddSeconds(30));
                        versionsSeen.AddOrUpdate(response.Model?.Version ?? -1, 1, (_, n) => n + 1);
                        if (response.Items.Count != 5)
                        {
                            failures.Enqueue($"{user}: {response.Items.Count} items");
                        }
                    }
                    catch (RpcException ex)
                    {
                        failures.Enqueue($"{user}: {ex.Status}");
                    }
                }));
            }

            await Task.WhenAll(inFlight);
        });

        for (var swap = 0; swap < 20; swap++)
        {
            await Task.Delay(50);
            await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = swap % 2 == 0 ? v2 : v1 }).Within();
            if (swap == 10)
            {
                await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = broken }).ResponseAsync);
            }
        }

        await Task.Delay(100);
        await stop.CancelAsync();
        await load.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        Assert.True(calls > 200, $"only {calls} calls were made");
        Assert.Equal([v1, v2], versionsSeen.Keys.Order());

        // After the last swap (to v1) exactly one session of this family is alive: v2's was disposed, not leaked.
        var host = (ModelHost)engine.App.Services.GetService(typeof(ModelHost))!;
        Assert.Equal(v1, (await c.Models.GetEndpointAsync(new GetEndpointRequest()).Within()).Version);
        var alive = Assert.Single(host.LiveVersions, k => k.Family == "recs" && k.OwnerTenant == c.Tenant);
        Assert.Equal(v1, alive.Version);
        var history = (await c.Models.ListPromotionsAsync(new ListPromotionsRequest()).Within()).Promotions;
        Assert.Equal(22, history.Count);
        Assert.Single(history, p => p.Result == "failed");
    }

    /// <summary>
    /// Bursts of concurrent calls (which the engine batches per model and mask) while versions swap: a batch runs on the
    /// version its calls acquired, so no call fails and every response names a version that was served.
    /// </summary>
    [Fact]
    public async Task Promote_TenSwapsUnderConcurrentBursts_NoFailedCallAndEveryCallAnswered()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        await c.Events.TrackAsync(Batch([.. Enumerable.Range(0, 32).Select(u => Event($"u{u}", PlantedModels.ItemId(u % 40)))])).Within();
        var v1 = await ModelUploads.RegisterApprovedAsync(c, "bursts", scratch, "v1");
        var v2 = await ModelUploads.RegisterApprovedAsync(c, "bursts", scratch, "v2", scale: 2f);
        await c.Models.PromoteAsync(new PromoteRequest { Family = "bursts", Version = v1 }).Within();

        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(Enumerable.Range(0, 32).Select(async u =>
                {
                    try
                    {
                        var response = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = $"u{u}", Count = 3 }, deadline: DateTime.UtcNow.AddSeconds(30));
                        if (response.Items.Count != 3 || response.Model?.Version is not { } version || (version != v1 && version != v2))
                        {
                            failures.Enqueue($"u{u}: {response}");
                        }

                        Interlocked.Increment(ref answered);
                    }
                    catch (RpcException ex)
                    {
                        failures.Enqueue($"u{u}: {ex.Status}");
                    }
                }));
            }
        });

        for (var swap = 0; swap < 10; swap++)
        {
            await Task.Delay(30);
            await c.Models.PromoteAsync(new PromoteRequest { Family = "bursts", Version = swap % 2 == 0 ? v2 : v1 }).Within();
        }

        await stop.CancelAsync();
        await load.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        Assert.True(answered >= 64, $"only {answered} calls were answered");
    }

    public void Dispose() => scratch.Dispose();
}
