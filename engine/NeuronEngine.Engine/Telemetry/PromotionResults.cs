namespace NeuronEngine.Engine.Telemetry;

/// <summary>The <c>result</c> of a promotion in metrics and in its log event.</summary>
internal static class PromotionResults
{
    /// <summary>The new version serves and the registry says so.</summary>
    public const string Ok = "ok";

    /// <summary>The new version could not be loaded, checked or warmed up; the endpoint keeps what it served.</summary>
    public const string Failed = "failed";

    /// <summary>The new version was swapped in but the registry could not record it, so the engine put the previous one back.</summary>
    public const string RolledBack = "rolled_back";
}
