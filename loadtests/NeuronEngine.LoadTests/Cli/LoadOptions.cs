using NeuronEngine.LoadTests.Load;

namespace NeuronEngine.LoadTests.Cli;

/// <summary>Options of a load run (every scenario but <c>setup</c> and <c>compare</c>). Units are in the names or docs.</summary>
internal sealed class LoadOptions
{
    /// <summary>The scenario: ping, recommend, ingest, mixed or hotswap.</summary>
    public string Scenario { get; set; } = "recommend";

    /// <summary>Engine addresses: one, or each replica's of a cluster (the connections are spread over them round robin).</summary>
    public IReadOnlyList<string> Targets { get; set; } = ["http://127.0.0.1:7070"];

    public string Tenant { get; set; } = "loadtest";

    /// <summary>The API key from <c>--api-key-file</c>, for a remote engine; null sends none. Never printed or reported.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Arrival rate (requests/s; for ingest, TrackStream batches/s). 0 with ingest: closed-loop throughput.</summary>
    public double Rate { get; set; } = 100;

    /// <summary>When set, the rate ramps linearly from <see cref="Rate"/> to this over the duration (requests/s).</summary>
    public double? RampTo { get; set; }

    /// <summary>When set, a staircase of rates (requests/s), each held for <see cref="StepDuration"/>; replaces rate and duration.</summary>
    public IReadOnlyList<double> Steps { get; set; } = [];

    public TimeSpan StepDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Measured time.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Unmeasured time first, at the starting rate.</summary>
    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP/2 connections (one GrpcChannel each).</summary>
    public int Connections { get; set; } = 4;

    /// <summary>Requests in flight at most; past it the generator waits and says it fell behind.</summary>
    public int MaxInFlight { get; set; } = 2000;

    /// <summary>Per-call deadline.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public int Seed { get; set; } = 42;

    /// <summary>Where report.json, report.md and plot.png go (created). Default: loadtest-results/&lt;scenario&gt;-&lt;time&gt;.</summary>
    public string? Out { get; set; }

    /// <summary>Distinct users drawn from (Zipf); match what setup tracked.</summary>
    public int Users { get; set; } = 10_000;

    /// <summary>Catalog size drawn from (Zipf); match setup's --items.</summary>
    public int Items { get; set; } = 100_000;

    /// <summary>Companion health-check rate alongside the scenario, for the ratio to ping (requests/s; 0 = off).</summary>
    public double PingRate { get; set; } = 50;

    /// <summary>Wake-ups/s of the machine probe, a thread that only sleeps: its lateness is the machine's scheduling floor (0 = off).</summary>
    public double ProbeRate { get; set; } = 1000;

    /// <summary>The engine's process id, to read its resident memory (Linux /proc) at start, each promotion and end.</summary>
    public int? EnginePid { get; set; }

    /// <summary>Recommend's <c>count</c>.</summary>
    public int Count { get; set; } = 10;

    /// <summary>Recommend's attribute filter (key=value pairs; setup gives items <c>category=c0</c>…<c>c15</c>).</summary>
    public IReadOnlyDictionary<string, string> Filter { get; set; } = new Dictionary<string, string>();

    /// <summary>Share of mixed arrivals that track an item and then check it is excluded (0–1).</summary>
    public double TrackRatio { get; set; } = 0.2;

    /// <summary>The model family hotswap promotes.</summary>
    public string Family { get; set; } = "recs";

    /// <summary>Time between promotions.</summary>
    public TimeSpan SwapInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after a promotion returns its "swap" phase lasts.</summary>
    public TimeSpan SwapWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events per TrackRequest (ingest).</summary>
    public int Batch { get; set; } = 500;

    /// <summary>TrackStream calls (ingest).</summary>
    public int Streams { get; set; } = 8;

    /// <summary>Unacknowledged batches per stream in closed-loop ingest (--rate 0).</summary>
    public int InFlight { get; set; } = 4;

    /// <summary>Print a plain line per second instead of the live table.</summary>
    public bool Plain { get; set; }

    public bool ClosedLoop => Scenario == "ingest" && Rate == 0 && Steps.Count == 0;

    public static readonly IReadOnlyList<string> Scenarios = ["ping", "recommend", "ingest", "mixed", "hotswap"];

    /// <summary>The load simulation these options describe.</summary>
    public LoadProfile Profile() =>
        Steps.Count > 0 ? LoadProfile.Steps(Steps, StepDuration, Warmup)
        : RampTo is { } to ? LoadProfile.Ramp(Rate, to, Duration, Warmup)
        : LoadProfile.Constant(Rate, Duration, Warmup);

    /// <summary>Every problem, not just the first.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Scenarios.Contains(Scenario))
        {
            errors.Add($"scenario: must be one of {string.Join(", ", Scenarios)}, not \"{Scenario}\"");
        }

        Check(errors, Targets.Count > 0, "--target", "must name at least one engine");
        foreach (var target in Targets.Where(t => !Uri.TryCreate(t, UriKind.Absolute, out _)))
        {
            errors.Add($"--target: \"{target}\" is not an absolute URL");
        }


        Check(errors, Rate >= 0 && double.IsFinite(Rate) && (Rate > 0 || Scenario == "ingest" || Steps.Count > 0), "--rate", "must be > 0 (0 only for ingest: closed loop)");
        Check(errors, RampTo is null || (RampTo >= 0 && double.IsFinite(RampTo.Value) && RampTo + Rate > 0), "--ramp-to", "must be ≥ 0 with --rate + --ramp-to > 0");
        Check(errors, Steps.All(s => s > 0 && double.IsFinite(s)), "--steps", "every step must be > 0 requests/s");
        Check(errors, Steps.Count == 0 || RampTo is null, "--steps", "cannot be combined with --ramp-to");
        Check(errors, StepDuration > TimeSpan.Zero, "--step-duration", "must be > 0");
        Check(errors, Duration > TimeSpan.Zero, "--duration", "must be > 0");
        Check(errors, Warmup >= TimeSpan.Zero, "--warmup", "must be ≥ 0");
        Check(errors, Connections is >= 1 and <= 256, "--connections", "must be 1-256");
        Check(errors, MaxInFlight is >= 1 and <= 1_000_000, "--max-in-flight", "must be 1-1000000");
        Check(errors, Timeout > TimeSpan.Zero, "--timeout", "must be > 0");
        Check(errors, Users >= 1, "--users", "must be ≥ 1");
        Check(errors, Items >= 1, "--items", "must be ≥ 1");
        Check(errors, PingRate >= 0 && double.IsFinite(PingRate), "--ping-rate", "must be ≥ 0");
        Check(errors, ProbeRate is >= 0 and <= 10_000, "--probe-rate", "must be 0-10000");
        Check(errors, Count is >= 1 and <= 1000, "--count", "must be 1-1000");
        Check(errors, TrackRatio is >= 0 and <= 1, "--track-ratio", "must be 0-1");
        Check(errors, SwapInterval > TimeSpan.Zero, "--swap-interval", "must be > 0");
        Check(errors, SwapWindow >= TimeSpan.Zero, "--swap-window", "must be ≥ 0");
        Check(errors, Batch is >= 1 and <= 1000, "--batch", "must be 1-1000 (the engine's batch limit)");
        Check(errors, Streams is >= 1 and <= 1024, "--streams", "must be 1-1024");
        Check(errors, InFlight is >= 1 and <= 16, "--in-flight", "must be 1-16");
        return errors;
    }

    private static void Check(List<string> errors, bool ok, string option, string rule)
    {
        if (!ok)
        {
            errors.Add($"{option}: {rule}");
        }
    }
}
