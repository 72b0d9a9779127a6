namespace NeuronEngine.Server.Console.Api;

/// <summary>
/// <c>GET /console/api/events/counts</c>: the tenant's event counts, and each signal template's signals against their
/// thresholds, as the Events page shows them. The console's script polls it to keep those numbers live.
/// </summary>
/// <param name="Tenant">The tenant counted.</param>
/// <param name="Total">Every applied event of the tenant.</param>
/// <param name="Types">Events per event type.</param>
/// <param name="Templates">Each template's readiness; empty when the user's roles may not read templates.</param>
internal sealed record EventCounts(string Tenant, long Total, IReadOnlyDictionary<string, long> Types, IReadOnlyList<TemplateCounts> Templates);
