namespace NeuronEngine.LoadTests.Quality;

/// <summary>The <c>quality</c> command's options.</summary>
internal sealed class QualityOptions
{
    public required string Data { get; init; }

    /// <summary>The engine to measure, unless <see cref="StartEngine"/>.</summary>
    public string Engine { get; init; } = "http://127.0.0.1:7070";

    public bool StartEngine { get; init; }

    /// <summary>The engine's NeuronEngine.Server.dll for <see cref="StartEngine"/>; null finds the repository's build.</summary>
    public string? EngineAssembly { get; init; }

    /// <summary>StartRun's recipe; null leaves the engine's default.</summary>
    public string? Recipe { get; init; }

    /// <summary>StartRun's epochs; null leaves the engine's default.</summary>
    public int? Epochs { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>Share of each user's distinct items that go to train (0-1, exclusive).</summary>
    public double Split { get; init; } = 0.75;

    public string Out { get; init; } = "quality-results";

    /// <summary>Longest wait for the training run to end.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Concurrent Recommend calls.</summary>
    public int Concurrency { get; init; } = 4;

    public List<string> Validate()
    {
        var errors = new List<string>();
        if (!File.Exists(Data))
        {
            errors.Add($"--data: {Data} does not exist");
        }

        if (Split is <= 0 or >= 1)
        {
            errors.Add("--split: must be between 0 and 1 (exclusive)");
        }

        if (Epochs is < 1 or > 50)
        {
            errors.Add("--epochs: must be 1-50");
        }

        if (!StartEngine && (!Uri.TryCreate(Engine, UriKind.Absolute, out var uri) || !uri.IsLoopback))
        {
            errors.Add($"--engine: must be a loopback http address (got {Engine})");
        }

        if (Concurrency is < 1 or > 64)
        {
            errors.Add("--concurrency: must be 1-64");
        }

        return errors;
    }
}
