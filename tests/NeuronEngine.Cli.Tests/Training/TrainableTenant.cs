using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Cli.Tests.Fixtures;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Training;

/// <summary>
/// A tenant a run can train on in seconds: planted clustered traffic (PlantedEvents) tracked through the SDK and a
/// Published template over click and purchase. One run of it is trained once and shared by the tests that only read runs.
/// </summary>
internal static class TrainableTenant
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Tenant, string TemplateId, string RunId)? trained;

    /// <summary>Seeds a new tenant and returns it with its Published template's id.</summary>
    public static async Task<(string Tenant, string TemplateId)> CreateAsync(CliEngine engine, int users = 240, int items = 96)
    {
        var tenant = CliEngine.NewTenant();
        using var client = new NeuronClient(new NeuronClientOptions { Endpoint = engine.Endpoint, Tenant = tenant });
        await client.EventTypes.CreateAsync("click", "Click", 3).WaitAsync(TimeSpan.FromSeconds(30));
        await client.EventTypes.CreateAsync("purchase", "Purchase", 40).WaitAsync(TimeSpan.FromSeconds(30));
        var events = PlantedEvents.Generate(users, items, clusters: 6, eventsPerUser: 30, seed: 11, DateTimeOffset.UtcNow.AddDays(-5));
        foreach (var chunk in events.Chunk(1000))
        {
            await client.Events.TrackAsync(chunk.Select(e => new Event
            {
                UserId = e.UserId,
                ItemId = e.ItemId,
                Type = e.Type,
                Timestamp = Timestamp.FromDateTimeOffset(e.At),
            })).WaitAsync(TimeSpan.FromSeconds(30));
        }

        var template = new Template { Name = "cli-test-feed", MinTotalEvents = 100 };
        template.Signals.Add(new Signal { Type = "click", Threshold = 10 });
        template.Signals.Add(new Signal { Type = "purchase", Threshold = 10 });
        template = await client.Templates.CreateAsync(template).WaitAsync(TimeSpan.FromSeconds(30));
        await client.Templates.PublishAsync(template.TemplateId).WaitAsync(TimeSpan.FromSeconds(30));
        return (tenant, template.TemplateId);
    }

    /// <summary>A tenant with one finished 2-epoch run, trained through <c>train start --watch -o json</c> once per test run.</summary>
    public static async Task<(string Tenant, string TemplateId, string RunId)> TrainedAsync(CliEngine engine)
    {
        await Gate.WaitAsync(TimeSpan.FromMinutes(3));
        try
        {
            if (trained is { } done)
            {
                return done;
            }

            var (tenant, templateId) = await CreateAsync(engine);
            var result = (await engine.RunAsync(tenant, "train", "start", "--template", templateId, "--epochs", "2", "--seed", "5", "--watch", "-o", "json")).Ok();
            var runId = result.Json().GetProperty("runId").GetString()!;
            trained = (tenant, templateId, runId);
            return trained.Value;
        }
        finally
        {
            Gate.Release();
        }
    }
}
