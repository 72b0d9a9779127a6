using System.Globalization;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Server.Console.Models;

/// <summary>
/// The production banner's words for an endpoint as <c>GetEndpoint</c> answers it (the registry's record through
/// <c>IEndpointStatus</c>): rendered by <c>ProductionBanner.razor</c> and sent by <c>/console/api/endpoint</c>, so the
/// page and the live update say the same thing.
/// </summary>
/// <param name="Token">Changes whenever anything shown changes: what the script sends back to wait for the next change.</param>
/// <param name="Shown">False when nothing is deployed (status None): the banner is not shown.</param>
/// <param name="Status"><c>InService</c>, <c>Updating</c>, <c>Failed</c> or <c>None</c>.</param>
/// <param name="Serving">What serves: <c>recs v2 “home-feed-…”</c>, or <c>nothing yet</c>.</param>
/// <param name="Detail">Since when, or what is loading.</param>
/// <param name="LastError">Why the last promotion failed, or null.</param>
internal sealed record ProductionView(string Token, bool Shown, string Status, string Serving, string Detail, string? LastError)
{
    public static ProductionView Of(ModelEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var status = endpoint.Status switch
        {
            ModelEndpointStatus.InService => "InService",
            ModelEndpointStatus.Updating => "Updating",
            ModelEndpointStatus.Failed => "Failed",
            _ => "None",
        };
        var serving = endpoint.Serving is { } version
            ? $"{VersionText(version)} “{endpoint.VersionName}”{(string.IsNullOrEmpty(endpoint.Label) ? "" : $" [{endpoint.Label}]")}"
            : "nothing yet";
        var since = endpoint.Since is { } at ? $"since {Time(at)}" : "";
        var detail = endpoint.Status switch
        {
            ModelEndpointStatus.Updating when endpoint.UpdatingTo is { } target => $"loading {VersionText(target)}; {(endpoint.Serving is null ? "nothing serves" : "the current version serves")} until it is ready",
            ModelEndpointStatus.Failed => $"serves nothing until the version loads or another is promoted{(since.Length > 0 ? $" ({since})" : "")}",
            _ => since,
        };
        var token = string.Join('|', status, serving, detail, endpoint.LastError ?? "");
        return new ProductionView(token, endpoint.Status != ModelEndpointStatus.None, status, serving, detail, endpoint.LastError);
    }

    /// <summary>A version as a tenant writes it: <c>recs v2</c>, <c>shared/base v1</c>.</summary>
    public static string VersionText(VersionRef version) => $"{version.Family} v{version.Version.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The console's one time format.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
