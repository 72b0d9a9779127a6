namespace NeuronEngine.Trainer.Measurement;

/// <summary>The shape of a generated data set.</summary>
internal sealed class SyntheticDataOptions
{
    /// <summary>Users, 1 or more.</summary>
    public int Users { get; set; } = 2_000;

    /// <summary>Items, at least <see cref="Clusters"/>.</summary>
    public int Items { get; set; } = 1_000;

    /// <summary>Events in total (about: each user's count is drawn around the mean), 1 or more.</summary>
    public int Events { get; set; } = 50_000;

    /// <summary>Taste clusters the items fall into, 1 or more.</summary>
    public int Clusters { get; set; } = 20;

    /// <summary>The share of a user's events outside the user's tastes (drawn by global popularity), 0–1.</summary>
    public double Noise { get; set; } = 0.2;

    /// <summary>The Zipf exponent of item popularity.</summary>
    public double ZipfExponent { get; set; } = 1.0;

    /// <summary>Seeds everything.</summary>
    public long Seed { get; set; } = 42;
}
