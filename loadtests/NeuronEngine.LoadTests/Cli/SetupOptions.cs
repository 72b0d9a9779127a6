namespace NeuronEngine.LoadTests.Cli;

/// <summary>Options of <c>setup</c>: the tenant it seeds and how big.</summary>
internal sealed class SetupOptions
{
    public string Target { get; set; } = "http://127.0.0.1:7070";

    public string Tenant { get; set; } = "loadtest";

    /// <summary>The API key from <c>--api-key-file</c>, for a remote engine; null sends none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Catalog items, also the models' vocabulary (i0 … i{N-1}).</summary>
    public int Items { get; set; } = 100_000;

    /// <summary>Distinct users events are drawn for (u0 … u{N-1}, Zipf).</summary>
    public int Users { get; set; } = 10_000;

    /// <summary>Events tracked (Zipf users and items).</summary>
    public int Events { get; set; } = 200_000;

    /// <summary>Embedding dimensions of the two model versions.</summary>
    public int Dimensions { get; set; } = 64;

    /// <summary>The models' scoring precision: auto (what the trainer would export for this size), float32 or int8.</summary>
    public string Scoring { get; set; } = "auto";

    public string Family { get; set; } = "recs";

    public int Seed { get; set; } = 42;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(Target, UriKind.Absolute, out _))
        {
            errors.Add($"--target: \"{Target}\" is not an absolute URL");
        }

        if (Items is < 2 or > 10_000_000)
        {
            errors.Add("--items: must be 2-10000000");
        }

        if (Users < 1)
        {
            errors.Add("--users: must be ≥ 1");
        }

        if (Events < 0)
        {
            errors.Add("--events: must be ≥ 0");
        }

        if (Dimensions is < 1 or > 1024)
        {
            errors.Add("--dimensions: must be 1-1024");
        }

        if (!NeuronEngine.Models.Contract.ScoringPrecisions.TryParse(Scoring, out _))
        {
            errors.Add($"--scoring: must be {NeuronEngine.Models.Contract.ScoringPrecisions.Names}");
        }

        return errors;
    }

    /// <summary>The precision the models are written with.</summary>
    public NeuronEngine.Models.Contract.ScoringPrecision Precision =>
        NeuronEngine.Models.Contract.ScoringPrecisions.TryParse(Scoring, out var chosen) && chosen is { } precision
            ? precision
            : NeuronEngine.Models.Contract.ScoringPrecisions.Auto(Items, Dimensions);
}
