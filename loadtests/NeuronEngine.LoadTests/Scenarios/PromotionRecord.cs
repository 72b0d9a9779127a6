namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>One promotion the hotswap scenario made.</summary>
/// <param name="Number">1-based order.</param>
/// <param name="AtSeconds">When the Promote call started, seconds after the measurement start.</param>
/// <param name="DurationMs">How long Promote took (load, check, warm-up, exchange).</param>
/// <param name="EngineRssBytes">The engine's resident memory right after, when <c>--engine-pid</c> was given.</param>
internal sealed record PromotionRecord(int Number, double AtSeconds, double DurationMs, int FromVersion, int ToVersion, bool Ok, string? Error, long? EngineRssBytes);
