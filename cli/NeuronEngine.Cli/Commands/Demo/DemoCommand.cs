using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NeuronEngine.Cli.Output;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>
/// <c>neuron demo</c>: the whole product in one command against a running engine — a synthetic shop's event types,
/// catalog and behaviour, a published template, a training run watched to the end, approval and promotion, and two
/// users' recommendations before and after one new purchase.
/// </summary>
internal static partial class DemoCommand
{
    private const int RecommendCount = 10;

    public static Command Create(CliApp app)
    {
        var users = new Option<int>("--users") { Description = "Shoppers to simulate", DefaultValueFactory = _ => 6_000 };
        var items = new Option<int>("--items") { Description = "Catalog items, spread over 12 departments", DefaultValueFactory = _ => 1_500 };
        var events = new Option<int>("--events") { Description = "Events to track (sessions of views, clicks, add-to-carts and purchases)", DefaultValueFactory = _ => 300_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic data and the run", DefaultValueFactory = _ => 42 };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs", DefaultValueFactory = _ => 3 };
        var command = app.Command(
            "demo",
            "Seed a synthetic shop in a fresh tenant (demo-<random> unless --tenant), train, approve, promote, and show recommendations change after one event",
            async (cli, ct) =>
            {
                var options = new DemoOptions(cli.Get(users), cli.Get(items), cli.Get(events), cli.Get(seed), cli.Get(epochs));
                if (options.Validate() is { Count: > 0 } errors)
                {
                    throw new CliException(string.Join("; ", errors));
                }

                return await RunAsync(cli, options, ct);
            });
        foreach (var option in new Option[] { users, items, events, seed, epochs })
        {
            command.Options.Add(option);
        }

        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, DemoOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var tenant = cli.Tenant is { Length: > 0 } given ? given : "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        using var client = cli.CreateClient(o =>
        {
            o.Tenant = tenant;
            o.TrackerMaxBatch = 1000;
            o.TrackerMaxBuffered = 20_000;
        });
        cli.Line($"NeuronEngine demo · tenant {tenant} · {cli.Endpoint}");

        var world = DemoWorld.Create(options.Users, options.Items, options.Seed);
        await CreateEventTypesAsync(cli, client, ct);
        await UpsertCatalogAsync(cli, client, world, ct);
        var generated = DemoSessions.Generate(world, options.Events, DateTimeOffset.UtcNow, out var sessions);
        await TrackAsync(cli, client, world, generated, sessions, ct);
        var template = await PublishTemplateAsync(cli, client, generated.Count, ct);

        Step(cli, 5, $"Training: the default recipe (auto: item-kNN, EASE and pooled-history, the best on held-out data; {options.Epochs} epochs where it trains) on template {template.TemplateId}");
        var started = await client.Training.StartRunAsync(
            new StartRunRequest { TemplateId = template.TemplateId, Epochs = options.Epochs, Seed = options.Seed }, ct: ct);
        var run = await new RunWatchView(cli.Console, cli.Json).WatchAsync(client.Training, started.RunId, ct);
        cli.Line(RunText.Outcome(run, tenant));
        if (!RunText.IsSuccess(run.Status))
        {
            throw new CliException($"the demo's training run {run.RunId} ended {RunText.Status(run.Status)}: {run.Error}", ExitCodes.Partial);
        }

        Step(cli, 6, $"Approving and promoting {run.Version.Family} v{run.Version.Version}");
        await client.Models.ApproveVersionAsync(run.Version.Family, run.Version.Version, ct: ct);
        var endpoint = await client.Models.PromoteAsync(run.Version.Family, run.Version.Version, ct: ct);
        cli.Line($"   {endpoint.Name} serves {endpoint.Family} v{endpoint.Version} ({(endpoint.Status == EndpointStatus.InService ? "IN_SERVICE" : endpoint.Status.ToString())})");

        var story = await ShowRecommendationsAsync(cli, client, world, generated, ct);
        var elapsed = clock.Elapsed;
        if (cli.Json)
        {
            cli.WriteJson(Report(tenant, options, generated.Count, sessions, template, run, story, elapsed));
            return ExitCodes.Ok;
        }

        cli.Line("");
        cli.Line($"Done in {RunText.Duration(elapsed)}. Look around (same engine and tenant):");
        cli.Line($"   neuron recommend --user {story.Changed.UserId} -t {tenant} -e {cli.Endpoint}");
        cli.Line($"   neuron runs show {run.RunId} -t {tenant} -e {cli.Endpoint}");
        cli.Line($"   neuron runs plot {run.RunId} -t {tenant} -e {cli.Endpoint}");
        return ExitCodes.Ok;
    }

    private static void Step(CliContext cli, int number, string text) => cli.Line($"{Environment.NewLine}[{number}/7] {text}");

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static JsonObject Report(
        string tenant, DemoOptions options, int events, int sessions, Template template, Run run, DemoStory story, TimeSpan elapsed) => new()
    {
        ["tenant"] = tenant,
        ["users"] = options.Users,
        ["items"] = options.Items,
        ["events"] = events,
        ["sessions"] = sessions,
        ["templateId"] = template.TemplateId,
        ["run"] = JsonOutput.ToNode(run),
        ["newEvent"] = JsonOutput.ToNode(story.NewEvent),
        ["recommendations"] = new JsonArray([.. new[] { story.Changed, story.Unchanged }.Select(u => (JsonNode)new JsonObject
        {
            ["userId"] = u.UserId,
            ["before"] = JsonOutput.ToNode(u.Before),
            ["after"] = JsonOutput.ToNode(u.After),
        })]),
        ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
    };
}
