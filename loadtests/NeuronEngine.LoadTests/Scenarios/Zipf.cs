namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>Skewed ranks for users and items: a few are very popular, most are rare, as in real traffic.</summary>
internal static class Zipf
{
    /// <summary>
    /// An approximately Zipf(1)-distributed rank in [0, n): exp(U·ln(n+1)) − 1 is the continuous 1/x law, whose
    /// integer part puts rank r at probability ≈ ln((r+2)/(r+1)) / ln(n+1).
    /// </summary>
    public static int Next(Random random, int n) =>
        (int)Math.Min(n - 1, Math.Floor(Math.Exp(random.NextDouble() * Math.Log(n + 1)) - 1));

    public static string User(int rank) => "u" + rank.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Item(int rank) => "i" + rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
