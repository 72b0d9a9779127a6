using System.CommandLine;
using Grpc.Core;
using NeuronEngine.LoadTests.Reports;
using NeuronEngine.LoadTests.Scenarios;

namespace NeuronEngine.LoadTests.Cli;

/// <summary>
/// The command line: one command per scenario (ping, recommend, ingest, mixed, hotswap), <c>setup</c> to seed a
/// tenant, <c>compare</c> for two report.json files, <c>datagen</c> and <c>quality</c> (<see cref="QualityCommands"/>). Exit codes: 0 clean, 1 the run saw errors or the
/// generator fell behind, 2 bad usage or the run could not start.
/// </summary>
internal static class LoadTestCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("NeuronEngine open-loop load generator: scenarios, load profiles, HDR latency, reports.");
        foreach (var scenario in LoadOptions.Scenarios)
        {
            root.Add(ScenarioCommand(scenario, output));
        }

        root.Add(SetupCommand(output));
        root.Add(CompareCommand(output));
        root.Add(QualityCommands.Datagen(output));
        root.Add(QualityCommands.Quality(output));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Usage errors exit 2 like every other refusal to start, not System.CommandLine's 1 (which means "the run saw errors" here).
            await output.WriteLineAsync(string.Join('\n', parsed.Errors.Select(e => e.Message)) + "\n(try --help)");
            return 2;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, cancellationToken);
    }

    private static Command ScenarioCommand(string scenario, TextWriter output)
    {
        var command = new Command(scenario, Describe(scenario));
        var set = new LoadOptionSet();
        set.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var errors = new List<string>();
            var options = set.Bind(scenario, result, errors);
            errors.AddRange(options.Validate());
            if (errors.Count > 0)
            {
                await output.WriteLineAsync(string.Join('\n', errors));
                return 2;
            }

            return await Guard(output, async () =>
            {
                var report = await new LoadRun(options, output).RunAsync(cancellationToken);
                return report.Errors == 0 && !report.Generators.Any(g => g.FellBehind) ? 0 : 1;
            });
        });
        return command;
    }

    private static Command SetupCommand(TextWriter output)
    {
        var defaults = new SetupOptions();
        Option<string> target = new("--target") { Description = "engine address", DefaultValueFactory = _ => defaults.Target };
        Option<string> tenant = new("--tenant") { Description = "tenant to seed", DefaultValueFactory = _ => defaults.Tenant };
        Option<string?> apiKeyFile = new("--api-key-file") { Description = Engine.EngineKey.Description };
        Option<int> items = new("--items") { Description = "catalog items and model vocabulary", DefaultValueFactory = _ => defaults.Items };
        Option<int> users = new("--users") { Description = "distinct users (Zipf)", DefaultValueFactory = _ => defaults.Users };
        Option<int> events = new("--events") { Description = "events to track (Zipf users and items)", DefaultValueFactory = _ => defaults.Events };
        Option<int> dimensions = new("--dimensions") { Description = "embedding dimensions of the models", DefaultValueFactory = _ => defaults.Dimensions };
        Option<string> scoring = new("--scoring") { Description = "models' scoring precision: auto (as the trainer exports at this size), float32 or int8", DefaultValueFactory = _ => defaults.Scoring };
        Option<string> family = new("--family") { Description = "model family", DefaultValueFactory = _ => defaults.Family };
        Option<int> seed = new("--seed") { Description = "random seed", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("setup", "Seed a tenant: event types, catalog, Zipf events, two approved model versions (the first promoted).")
        {
            target, tenant, apiKeyFile, items, users, events, dimensions, scoring, family, seed,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var keyErrors = new List<string>();
            var options = new SetupOptions
            {
                Target = result.GetValue(target)!,
                Tenant = result.GetValue(tenant)!,
                ApiKey = Engine.EngineKey.Read(result.GetValue(apiKeyFile), keyErrors),
                Items = result.GetValue(items),
                Users = result.GetValue(users),
                Events = result.GetValue(events),
                Dimensions = result.GetValue(dimensions),
                Scoring = result.GetValue(scoring)!,
                Family = result.GetValue(family)!,
                Seed = result.GetValue(seed),
            };
            var errors = keyErrors.Concat(options.Validate()).ToList();
            if (errors.Count > 0)
            {
                await output.WriteLineAsync(string.Join('\n', errors));
                return 2;
            }

            return await Guard(output, async () =>
            {
                await new SetupScenario(options, output).RunAsync(cancellationToken);
                return 0;
            });
        });
        return command;
    }

    private static Command CompareCommand(TextWriter output)
    {
        Argument<string> a = new("a") { Description = "the first report.json (or its directory)" };
        Argument<string> b = new("b") { Description = "the second report.json (or its directory)" };
        var command = new Command("compare", "Put two report.json side by side.") { a, b };
        command.SetAction(async result =>
        {
            var (pathA, pathB) = (ReportPath(result.GetValue(a)!), ReportPath(result.GetValue(b)!));
            return await Guard(output, async () =>
            {
                await output.WriteLineAsync(ReportComparer.Render(ReportJson.Read(pathA), pathA, ReportJson.Read(pathB), pathB));
                return 0;
            });
        });
        return command;
    }

    private static string ReportPath(string path) => Directory.Exists(path) ? Path.Combine(path, "report.json") : path;

    /// <summary>Expected failures (engine unreachable, tenant not set up, unreadable report) become one line and exit code 2.</summary>
    internal static async Task<int> Guard(TextWriter output, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (ex is RpcException or NeuronEngine.Client.NeuronClientException or InvalidOperationException or IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            var line = ex switch
            {
                RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
                NeuronEngine.Client.NeuronClientException client => $"{client.StatusCode}: {client.Detail}",
                _ => ex.Message,
            };
            await output.WriteLineAsync($"error: {line}");
            return 2;
        }
    }

    private static string Describe(string scenario) => scenario switch
    {
        "ping" => "Health checks: the floor of the gRPC stack.",
        "recommend" => "Recommend for Zipf users (count, optional filter).",
        "ingest" => "TrackStream batches: open loop at --rate batches/s, or --rate 0 for closed-loop throughput.",
        "mixed" => "Recommend + track, checking a just-tracked item is excluded from the user's next recommendation.",
        "hotswap" => "Recommend while promoting the two newest approved versions alternately; per-phase latency.",
        _ => scenario,
    };
}
