using System.Text.RegularExpressions;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Sidecar;

/// <summary>Shared steps of the tests that train through a real trainer process: planted traffic and a published template.</summary>
internal static partial class TrainingScenario
{
    public const int Clusters = 8;

    /// <summary>Tracks planted events (clustered tastes) and publishes a template over click and purchase.</summary>
    public static async Task<Template> SeedAsync(EngineClients c, int users, int items, int eventsPerUser = 30)
    {
        await EventTypesAsync(c);
        var events = PlantedEvents.Generate(users, items, Clusters, eventsPerUser, seed: 7, DateTimeOffset.UtcNow.AddDays(-10));
        foreach (var chunk in events.Chunk(1000))
        {
            await c.Events.TrackAsync(Batch([.. chunk.Select(e => Event(e.UserId, e.ItemId, e.Type, at: e.At))])).Within();
        }

        var template = new Template { Name = "home-feed", MinTotalEvents = 1000 };
        template.Signals.Add(new Signal { Type = "click", Threshold = 100 });
        template.Signals.Add(new Signal { Type = "purchase", Threshold = 100 });
        template = await c.Templates.CreateTemplateAsync(template).Within();
        return await c.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = template.TemplateId }).Within();
    }

    /// <summary>Follows WatchRun until the run ends (or <paramref name="until"/> holds) and returns every update.</summary>
    public static async Task<List<Run>> WatchAsync(EngineClients c, string runId, TimeSpan timeout, Func<Run, bool>? until = null)
    {
        var updates = new List<Run>();
        using var cancel = new CancellationTokenSource(timeout);
        using var call = c.Training.WatchRun(new WatchRunRequest { RunId = runId }, cancellationToken: cancel.Token);
        try
        {
            while (await call.ResponseStream.MoveNext(cancel.Token))
            {
                updates.Add(call.ResponseStream.Current);
                if (until?.Invoke(call.ResponseStream.Current) == true)
                {
                    break;
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
        {
            throw new TimeoutException($"run {runId} did not get there within {timeout}; last: {updates.LastOrDefault()}", ex);
        }

        return updates;
    }

    public static bool IsTerminal(Run run) => run.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Stopped or RunStatus.EarlyStopped;

    /// <summary>The process ids of the trainer sidecars the engine reported starting, in order.</summary>
    public static IReadOnlyList<int> TrainerPids(EngineProcess engine) =>
        [.. engine.Lines.Select(l => StartedLine().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Waits until the engine has reported <paramref name="count"/> trainer starts.</summary>
    public static async Task<int> WaitForTrainerAsync(EngineProcess engine, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (TrainerPids(engine).Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the engine did not start trainer #{count}");
            }

            await Task.Delay(100);
        }

        return TrainerPids(engine)[count - 1];
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"Trainer sidecar started \(pid (\d+)")]
    private static partial Regex StartedLine();
}
