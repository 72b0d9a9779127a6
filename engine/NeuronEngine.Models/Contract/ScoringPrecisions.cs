namespace NeuronEngine.Models.Contract;

/// <summary>Chooses a graph's <see cref="ScoringPrecision"/> and parses it from configuration.</summary>
public static class ScoringPrecisions
{
    /// <summary>
    /// Above this many bytes the float table no longer fits a core's L2 cache (2 MiB on the reference machine, and 4 MiB
    /// leaves room for the rest of the graph's working set): every inference then streams it from L3 or memory and
    /// the 8-bit copy is several times faster (docs/performance.md). Below it the float product is as fast and exact.
    /// </summary>
    public const long Int8AboveTableBytes = 4L * 1024 * 1024;

    /// <summary>The names accepted by <see cref="TryParse"/>.</summary>
    public const string Names = "auto, float32 or int8";

    /// <summary>The precision <c>auto</c> picks for an items × dimensions float table.</summary>
    public static ScoringPrecision Auto(int items, int dimensions) =>
        (long)items * dimensions * sizeof(float) > Int8AboveTableBytes ? ScoringPrecision.Int8 : ScoringPrecision.Float32;

    /// <summary>Parses <c>auto</c> (null result), <c>float32</c> or <c>int8</c>, case-insensitively.</summary>
    public static bool TryParse(string? text, out ScoringPrecision? precision)
    {
        precision = null;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "auto":
                return true;
            case "float32":
                precision = ScoringPrecision.Float32;
                return true;
            case "int8":
                precision = ScoringPrecision.Int8;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The manifest's and the configuration's spelling.</summary>
    public static string Name(ScoringPrecision precision) => precision == ScoringPrecision.Int8 ? "int8" : "float32";
}
