using Grpc.Core;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;
using NeuronEngine.LoadTests.Engine;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>The tenant's event types every scenario uses: view (weight 1), click (5), purchase (50).</summary>
internal static class EventTypes
{
    public static readonly IReadOnlyList<(string Type, int Weight)> All = [("view", 1), ("click", 5), ("purchase", 50)];

    /// <summary>A realistic mix for generated events: mostly views, some clicks, few purchases.</summary>
    public static readonly IReadOnlyList<string> Mix = ["view", "view", "view", "view", "view", "click", "click", "purchase"];

    public static async Task EnsureAsync(EngineClient client, CancellationToken cancellationToken)
    {
        foreach (var (type, weight) in All)
        {
            try
            {
                await client.Sdk.EventTypes.CreateAsync(new EventType { Type = type, Name = type, Weight = weight }, TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (NeuronClientException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
            {
            }
        }
    }
}
