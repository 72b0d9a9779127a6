namespace NeuronEngine.Server.Console.Api;

/// <summary>One signal's live count against its threshold.</summary>
internal sealed record SignalCounts(string Type, long Count, long Threshold, bool Passes);
