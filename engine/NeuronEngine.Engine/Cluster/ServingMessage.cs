using System.Globalization;

namespace NeuronEngine.Engine.Cluster;

/// <summary>What a message on the serving channel says.</summary>
internal enum ServingMessageKind
{
    /// <summary>A promotion succeeded (the serving generation is now <see cref="ServingMessage.Generation"/>): sync.</summary>
    Promoted,

    /// <summary>The registry's record of an endpoint changed (a promotion began, failed or was recovered): wake its watchers.</summary>
    Changed,

    /// <summary>What <see cref="ServingMessage.Replica"/> serves changed (it synced, joined or left): work the statuses out again.</summary>
    Served,
}

/// <summary>
/// One message on the serving channel, as text: its kind and fields on separate lines (tenant ids, endpoint names and
/// replica ids never hold a line break). Formatted and parsed only here.
/// </summary>
internal sealed record ServingMessage(ServingMessageKind Kind, string Tenant = "", string Endpoint = "", string Replica = "", long Generation = 0)
{
    public static ServingMessage Promoted(string tenant, string endpoint, long generation) => new(ServingMessageKind.Promoted, tenant, endpoint, Generation: generation);

    public static ServingMessage Changed(string tenant, string endpoint) => new(ServingMessageKind.Changed, tenant, endpoint);

    public static ServingMessage Served(string replica) => new(ServingMessageKind.Served, Replica: replica);

    public string Format() => Kind switch
    {
        ServingMessageKind.Promoted => string.Create(CultureInfo.InvariantCulture, $"promoted\n{Tenant}\n{Endpoint}\n{Generation}"),
        ServingMessageKind.Changed => $"changed\n{Tenant}\n{Endpoint}",
        _ => $"served\n{Replica}",
    };

    /// <summary>The message <paramref name="text"/> holds, or null for one this engine does not know (a newer replica's).</summary>
    public static ServingMessage? Parse(string? text)
    {
        var parts = (text ?? "").Split('\n');
        return parts switch
        {
            ["promoted", var tenant, var endpoint, var generation] when long.TryParse(generation, NumberStyles.None, CultureInfo.InvariantCulture, out var g) => Promoted(tenant, endpoint, g),
            ["changed", var tenant, var endpoint] => Changed(tenant, endpoint),
            ["served", var replica] => Served(replica),
            _ => null,
        };
    }
}
