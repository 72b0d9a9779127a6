using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NeuronEngine.LoadTests.Cli;

/// <summary>The command-line options of a load run, bound to <see cref="LoadOptions"/>.</summary>
internal sealed class LoadOptionSet
{
    private static readonly LoadOptions Defaults = new();

    private readonly Option<string[]> target = new("--target")
    {
        Description = "engine address; for a cluster each replica's (repeat the option or separate with commas): the connections are spread over them",
        DefaultValueFactory = _ => [.. Defaults.Targets],
    };
    private readonly Option<string> tenant = new("--tenant") { Description = "tenant (x-tenant)", DefaultValueFactory = _ => Defaults.Tenant };
    private readonly Option<string?> apiKeyFile = new("--api-key-file") { Description = Engine.EngineKey.Description };
    private readonly Option<double> rate = new("--rate") { Description = "arrival rate, requests/s (ingest: batches/s; 0 = closed-loop throughput)", DefaultValueFactory = _ => Defaults.Rate };
    private readonly Option<double?> rampTo = new("--ramp-to") { Description = "ramp linearly from --rate to this rate over --duration (requests/s)" };
    private readonly Option<string?> steps = new("--steps") { Description = "staircase of rates, comma-separated (e.g. 1000,2000,3000), each held --step-duration" };
    private readonly Option<TimeSpan> stepDuration = Duration("--step-duration", "time each step is held", Defaults.StepDuration);
    private readonly Option<TimeSpan> duration = Duration("--duration", "measured time (seconds, or 500ms / 30s / 2m)", Defaults.Duration);
    private readonly Option<TimeSpan> warmup = Duration("--warmup", "unmeasured time first, at the starting rate", Defaults.Warmup);
    private readonly Option<int> connections = new("--connections") { Description = "HTTP/2 connections", DefaultValueFactory = _ => Defaults.Connections };
    private readonly Option<int> maxInFlight = new("--max-in-flight") { Description = "requests in flight at most (past it the generator reports it fell behind)", DefaultValueFactory = _ => Defaults.MaxInFlight };
    private readonly Option<TimeSpan> timeout = Duration("--timeout", "per-call deadline", Defaults.Timeout);
    private readonly Option<int> seed = new("--seed") { Description = "random seed (users, items, choices)", DefaultValueFactory = _ => Defaults.Seed };
    private readonly Option<string?> output = new("--out") { Description = "directory for report.json, report.md, plot.png (default loadtest-results/<scenario>-<time>)" };
    private readonly Option<int> users = new("--users") { Description = "distinct users (Zipf); as given to setup", DefaultValueFactory = _ => Defaults.Users };
    private readonly Option<int> items = new("--items") { Description = "catalog items (Zipf); as given to setup", DefaultValueFactory = _ => Defaults.Items };
    private readonly Option<double> pingRate = new("--ping-rate") { Description = "health checks/s alongside the scenario, for the ratio to ping (0 = off)", DefaultValueFactory = _ => Defaults.PingRate };
    private readonly Option<double> probeRate = new("--probe-rate") { Description = "machine probe: wake-ups/s of a thread that only sleeps; how late they come is the machine's own scheduling floor (0 = off)", DefaultValueFactory = _ => Defaults.ProbeRate };
    private readonly Option<int?> enginePid = new("--engine-pid") { Description = "engine process id: its RSS is read at start, each promotion and end" };
    private readonly Option<int> count = new("--count") { Description = "Recommend count", DefaultValueFactory = _ => Defaults.Count };
    private readonly Option<string[]> filter = new("--filter") { Description = "Recommend filter key=value (repeatable; setup's items have category=c0..c15)" };
    private readonly Option<double> trackRatio = new("--track-ratio") { Description = "mixed: share of arrivals that track and check exclusion (0-1)", DefaultValueFactory = _ => Defaults.TrackRatio };
    private readonly Option<string> family = new("--family") { Description = "hotswap: model family to promote", DefaultValueFactory = _ => Defaults.Family };
    private readonly Option<TimeSpan> swapInterval = Duration("--swap-interval", "hotswap: time between promotions", Defaults.SwapInterval);
    private readonly Option<TimeSpan> swapWindow = Duration("--swap-window", "hotswap: how long after a promotion its swap phase lasts", Defaults.SwapWindow);
    private readonly Option<int> batch = new("--batch") { Description = "ingest: events per TrackRequest", DefaultValueFactory = _ => Defaults.Batch };
    private readonly Option<int> streams = new("--streams") { Description = "ingest: TrackStream calls", DefaultValueFactory = _ => Defaults.Streams };
    private readonly Option<int> inFlight = new("--in-flight") { Description = "ingest --rate 0: unacknowledged batches per stream", DefaultValueFactory = _ => Defaults.InFlight };
    private readonly Option<bool> plain = new("--plain") { Description = "a plain line per second instead of the live table" };

    public void AddTo(Command command)
    {
        Option[] all = [target, tenant, apiKeyFile, rate, rampTo, steps, stepDuration, duration, warmup, connections, maxInFlight, timeout, seed, output, users, items,
            pingRate, probeRate, enginePid, count, filter, trackRatio, family, swapInterval, swapWindow, batch, streams, inFlight, plain];
        foreach (var option in all)
        {
            command.Add(option);
        }
    }

    public LoadOptions Bind(string scenario, ParseResult result, List<string> errors) => new()
    {
        Scenario = scenario,
        Targets = [.. (result.GetValue(target) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))],
        Tenant = result.GetValue(tenant)!,
        ApiKey = Engine.EngineKey.Read(result.GetValue(apiKeyFile), errors),
        Rate = result.GetValue(rate),
        RampTo = result.GetValue(rampTo),
        Steps = ParseSteps(result.GetValue(steps), errors),
        StepDuration = result.GetValue(stepDuration),
        Duration = result.GetValue(duration),
        Warmup = result.GetValue(warmup),
        Connections = result.GetValue(connections),
        MaxInFlight = result.GetValue(maxInFlight),
        Timeout = result.GetValue(timeout),
        Seed = result.GetValue(seed),
        Out = result.GetValue(output),
        Users = result.GetValue(users),
        Items = result.GetValue(items),
        PingRate = result.GetValue(pingRate),
        ProbeRate = result.GetValue(probeRate),
        EnginePid = result.GetValue(enginePid),
        Count = result.GetValue(count),
        Filter = ParseFilter(result.GetValue(filter) ?? [], errors),
        TrackRatio = result.GetValue(trackRatio),
        Family = result.GetValue(family)!,
        SwapInterval = result.GetValue(swapInterval),
        SwapWindow = result.GetValue(swapWindow),
        Batch = result.GetValue(batch),
        Streams = result.GetValue(streams),
        InFlight = result.GetValue(inFlight),
        Plain = result.GetValue(plain),
    };

    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (DurationParser.TryParse(text, out var value))
            {
                return value;
            }

            r.AddError($"{name}: \"{text}\" is not a duration (seconds, 500ms, 30s, 2m or hh:mm:ss)");
            return default;
        },
    };

    private static List<double> ParseSteps(string? text, List<string> errors)
    {
        var result = new List<double>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var step))
            {
                result.Add(step);
            }
            else
            {
                errors.Add($"--steps: \"{part}\" is not a number");
            }
        }

        return result;
    }

    private static Dictionary<string, string> ParseFilter(string[] pairs, List<string> errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add($"--filter: \"{pair}\" is not key=value");
                continue;
            }

            result[pair[..equals]] = pair[(equals + 1)..];
        }

        return result;
    }
}
