namespace NeuronEngine.LoadTests.Reports;

/// <summary>The load simulation and generator settings of a run.</summary>
internal sealed record LoadSummary
{
    /// <summary>open-loop or closed-loop.</summary>
    public string Mode { get; init; } = "open-loop";

    /// <summary>constant, ramp or steps.</summary>
    public string Profile { get; init; } = "constant";

    public double Rate { get; init; }

    public double? RampTo { get; init; }

    public IReadOnlyList<double> Steps { get; init; } = [];

    public double StepSeconds { get; init; }

    public double WarmupSeconds { get; init; }

    /// <summary>Measured seconds.</summary>
    public double DurationSeconds { get; init; }

    public int Connections { get; init; }

    public int MaxInFlight { get; init; }

    public double PingRate { get; init; }

    public int Seed { get; init; }

    public int Users { get; init; }

    public int Items { get; init; }

    public int Count { get; init; }

    public IReadOnlyDictionary<string, string> Filter { get; init; } = new Dictionary<string, string>();

    public int Batch { get; init; }

    public int Streams { get; init; }
}
