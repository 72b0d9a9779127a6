namespace NeuronEngine.LoadTests.Data;

/// <summary>The size of a generated shop: catalog items, users, and the mean events per user (each user has 20-700).</summary>
internal sealed record ShopProfile(string Name, int Items, int Users, int MeanEvents)
{
    public const int MinEvents = 20;
    public const int MaxEvents = 700;

    /// <summary>small ≈ MovieLens-100k (1.7k items, 1,000 users, ~100k events); medium ≈ 1M events; large ≈ 3M events over 1M items.</summary>
    public static readonly IReadOnlyList<ShopProfile> All =
    [
        new("small", 1_700, 1_000, 100),
        new("medium", 50_000, 20_000, 50),
        new("large", 1_000_000, 100_000, 30),
    ];

    public static ShopProfile? Find(string name) => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
