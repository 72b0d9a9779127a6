using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;
using Spectre.Console;

namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>Steps 1–4: event types, catalog, events, template.</summary>
internal static partial class DemoCommand
{
    private const int CatalogChunk = 5_000;
    private const int Lanes = 3;

    private static async Task CreateEventTypesAsync(CliContext cli, NeuronClient client, CancellationToken ct)
    {
        Step(cli, 1, "Event types: " + string.Join(" · ", DemoSessions.Types.Select(t => $"{t.Type} (weight {t.Weight})")));
        foreach (var (type, name, weight) in DemoSessions.Types)
        {
            var eventType = new EventType { Type = type, Name = name, Weight = weight };
            try
            {
                await client.EventTypes.CreateAsync(eventType, ct: ct);
            }
            catch (NeuronClientException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
            {
                // A tenant given with --tenant may have them from an earlier demo: make the weights the demo's.
                await client.EventTypes.UpdateAsync(eventType, ct: ct);
            }
        }
    }

    private static async Task UpsertCatalogAsync(CliContext cli, NeuronClient client, DemoWorld world, CancellationToken ct)
    {
        Step(cli, 2, $"Catalog: {Count(world.Items.Count)} items in {DemoCategories.All.Length} departments, with titles and tags");
        foreach (var chunk in world.Items.Chunk(CatalogChunk))
        {
            await client.Catalog.UpsertAsync(chunk.Select(ToItem), ct);
        }
    }

    private static Item ToItem(DemoItem item) => new()
    {
        ItemId = item.Id,
        Attributes =
        {
            ["title"] = item.Title,
            ["category"] = item.CategoryName.ToLowerInvariant(),
            ["tags"] = $"{item.CategoryName.ToLowerInvariant()},{item.Title.Split(' ')[0].ToLowerInvariant()}",
        },
    };

    private static async Task TrackAsync(CliContext cli, NeuronClient client, DemoWorld world, List<DemoEvent> events, int sessions, CancellationToken ct)
    {
        Step(cli, 3, $"Events: {Count(events.Count)} from {Count(world.Users)} shoppers in {Count(sessions)} sessions over 30 days, through the batching tracker");
        var clock = Stopwatch.StartNew();
        if (cli.Console.IsInteractive && !cli.Json)
        {
            await cli.Console.Ansi.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("tracking", maxValue: events.Count);
                    await SendAsync(client, world, events, sent =>
                    {
                        task.Value = sent;
                        task.Description = $"tracking · {Count((long)(sent / Math.Max(clock.Elapsed.TotalSeconds, 0.001)))} events/s";
                    }, ct);
                });
        }
        else
        {
            await SendAsync(client, world, events, _ => { }, ct);
        }

        cli.Line($"   {Count(events.Count)} events tracked in {Output.RunText.Duration(clock.Elapsed)} ({Count((long)(events.Count / clock.Elapsed.TotalSeconds))} events/s)");
    }

    /// <summary>
    /// Sends through a few trackers at once (each batch waits for its acknowledgement, so one tracker leaves the engine
    /// idle between batches); users are split among them, which keeps each user's events in order.
    /// </summary>
    private static async Task SendAsync(NeuronClient client, DemoWorld world, List<DemoEvent> events, Action<int> progress, CancellationToken ct)
    {
        NeuronClientException? failure = null;
        var sent = 0;
        var lanes = Enumerable.Range(0, Lanes).Select(lane => Task.Run(
            async () =>
            {
                var tracker = client.CreateTracker();
                tracker.BatchFailed += (_, e) => failure ??= e.Error;
                await using (tracker)
                {
                    foreach (var e in events)
                    {
                        if (e.User % Lanes == lane)
                        {
                            await tracker.TrackAsync(ToEvent(world, e), ct);
                            if (Interlocked.Increment(ref sent) % 2_000 == 0)
                            {
                                progress(Volatile.Read(ref sent));
                            }
                        }
                    }
                }

                return tracker.Failed;
            },
            ct)).ToList();
        var failed = (await Task.WhenAll(lanes)).Sum();
        progress(events.Count);
        if (failed > 0)
        {
            throw new CliException($"{failed} events were not accepted: {failure?.Detail}", ExitCodes.Partial);
        }
    }

    private static Event ToEvent(DemoWorld world, DemoEvent e) => new()
    {
        UserId = DemoWorld.UserId(e.User),
        ItemId = world.Items[e.Item].Id,
        Type = DemoSessions.Types[e.Type].Type,
        Timestamp = Timestamp.FromDateTimeOffset(e.At),
    };

    private static async Task<Template> PublishTemplateAsync(CliContext cli, NeuronClient client, int events, CancellationToken ct)
    {
        var template = new Template { Name = "Demo home feed", MinTotalEvents = Math.Min(1_000, events / 2) };
        foreach (var (type, _, _) in DemoSessions.Types)
        {
            template.Signals.Add(new Signal { Type = type, Threshold = 10 });
        }

        var created = await client.Templates.CreateAsync(template, ct: ct);
        var published = await client.Templates.PublishAsync(created.TemplateId, ct: ct);
        Step(cli, 4, $"Template \"{published.Name}\" ({published.TemplateId}) published: "
            + string.Join(", ", published.Signals.Select(s => $"{s.Type} ×{s.Weight}")));
        return published;
    }
}
