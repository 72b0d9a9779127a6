using System.Diagnostics;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.LoadTests.Cli;
using NeuronEngine.LoadTests.Engine;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>
/// Seeds a tenant so the other scenarios hit something real: event types, a catalog of <c>--items</c> items
/// (attribute <c>category</c> = c0…c15, for filters), <c>--events</c> Zipf events over <c>--users</c> users, and
/// two model versions of items × dimensions (seeded random embeddings, different per version) registered,
/// approved, and the first promoted. Safe to run again: existing types are kept, items replaced, and two new
/// versions registered.
/// </summary>
internal sealed class SetupScenario(SetupOptions options, TextWriter output)
{
    private const int ItemChunk = 10_000;

    /// <summary>The versions registered, in order (the first is promoted).</summary>
    public IReadOnlyList<int> Versions { get; private set; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var client = new EngineClient(options.Target, options.Tenant, options.ApiKey);
        await EventTypes.EnsureAsync(client, cancellationToken);
        await UpsertItemsAsync(client, cancellationToken);
        await output.WriteLineAsync($"setup: {options.Items:N0} items upserted ({clock.Elapsed.TotalSeconds:F1} s)");
        await TrackEventsAsync(client, cancellationToken);
        await output.WriteLineAsync($"setup: {options.Events:N0} events tracked for {options.Users:N0} users ({clock.Elapsed.TotalSeconds:F1} s)");

        using var scratch = new ScratchDirectory();
        var versions = new List<int>();
        for (var v = 0; v < 2; v++)
        {
            var zip = SetupModels.BuildZip(scratch.Combine($"v{v}"), options.Items, options.Dimensions, options.Seed + v, options.Precision);
            var registered = await SetupModels.RegisterAsync(client.Sdk, options.Family, zip, cancellationToken);
            await client.Sdk.Models.ApproveVersionAsync(options.Family, registered.Version, TimeSpan.FromMinutes(1), cancellationToken);
            versions.Add(registered.Version);
            await output.WriteLineAsync($"setup: version {registered.Version} registered and approved ({zip.Length / 1048576.0:F1} MiB, {clock.Elapsed.TotalSeconds:F1} s)");
        }

        await client.Sdk.Models.PromoteAsync(options.Family, versions[0], deadline: TimeSpan.FromMinutes(5), ct: cancellationToken);
        Versions = versions;
        await output.WriteLineAsync($"setup: tenant {options.Tenant} ready, family {options.Family} versions {versions[0]} (serving) and {versions[1]} approved, in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private async Task UpsertItemsAsync(EngineClient client, CancellationToken cancellationToken)
    {
        for (var start = 0; start < options.Items; start += ItemChunk)
        {
            var request = new UpsertItemsRequest();
            for (var j = start; j < Math.Min(options.Items, start + ItemChunk); j++)
            {
                request.Items.Add(new Item { ItemId = Zipf.Item(j), Attributes = { ["category"] = "c" + (j % 16).ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            }

            await client.Sdk.Catalog.UpsertAsync(request, TimeSpan.FromMinutes(1), cancellationToken);
        }
    }

    private async Task TrackEventsAsync(EngineClient client, CancellationToken cancellationToken)
    {
        if (options.Events == 0)
        {
            return;
        }

        // Through the SDK's batching tracker, as an application would send them.
        var random = new Random(options.Seed);
        var tracker = client.Sdk.CreateTracker();
        await using (tracker.ConfigureAwait(false))
        {
            for (var e = 0; e < options.Events; e++)
            {
                await tracker.TrackAsync(
                    new Event
                    {
                        UserId = Zipf.User(Zipf.Next(random, options.Users)),
                        ItemId = Zipf.Item(Zipf.Next(random, options.Items)),
                        Type = EventTypes.Mix[random.Next(EventTypes.Mix.Count)],
                    },
                    cancellationToken);
            }

            await tracker.FlushAsync(cancellationToken);
        }

        var total = tracker.Sent + tracker.Duplicates;
        if (tracker.Failed > 0 || total != options.Events)
        {
            throw new InvalidOperationException($"setup: the engine acknowledged {total} of {options.Events} events ({tracker.Failed} failed)");
        }
    }
}
