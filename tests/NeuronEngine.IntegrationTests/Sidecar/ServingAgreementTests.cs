using System.Globalization;
using System.Text;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.IntegrationTests.Training;
using NeuronEngine.Testing;
using Xunit.Abstractions;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;
using static NeuronEngine.IntegrationTests.Sidecar.TrainingScenario;

namespace NeuronEngine.IntegrationTests.Sidecar;

/// <summary>
/// RECIPES.md: quality is judged end to end, through Recommend on a running engine, and that must agree with the
/// trainer's own report. Here the held-out interactions never reach the engine, so Recommend can be scored on them.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ServingAgreementTests(ITestOutputHelper output)
{
    /// <summary>
    /// Every recipe, one after another on one engine: each version is promoted in turn and scored through Recommend on
    /// the held-out half, which must give the NDCG@10 the trainer reported for it (history length, binary or signal
    /// weights, and events of types outside the template all fed as the trainer assumed).
    /// </summary>
    [Fact]
    public async Task Recommend_OnTheTrainersEvalSet_GivesTheNdcgTheTrainerReportedForEveryRecipe()
    {
        using var data = new TempDirectory("sidecar-agreement");
        await using var engine = await EngineProcess.StartAsync(data.Path, output, "--trainer", "sidecar");
        using var c = new EngineClients(engine.Address, "shop");
        await EventTypesAsync(c);
        var (train, eval) = Split(PlantedEvents.Generate(users: 300, items: 120, Clusters, eventsPerUser: 30, seed: 11, DateTimeOffset.UtcNow.AddDays(-5)));
        foreach (var chunk in train.Chunk(1000))
        {
            await c.Events.TrackAsync(Batch([.. chunk.Select(e => Event(e.UserId, e.ItemId, e.Type, at: e.At))])).Within();
        }

        await TrainingSetup.UploadAsync(c, "train", Jsonl(train), chunkBytes: 1 << 16);
        await TrainingSetup.UploadAsync(c, "eval", Jsonl(eval), chunkBytes: 1 << 16);
        var template = new Template { Name = "agreement" };
        template.Signals.Add(new Signal { Type = "click" });
        template.Signals.Add(new Signal { Type = "purchase" });
        template = await c.Templates.CreateTemplateAsync(template).Within();
        await c.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = template.TemplateId }).Within();

        // The trainer scores only eval items it saw in training; so does this.
        var known = train.Select(e => e.ItemId).ToHashSet(StringComparer.Ordinal);
        var heldOut = eval.Where(e => known.Contains(e.ItemId)).GroupBy(e => e.UserId).ToDictionary(g => g.Key, g => g.Select(e => e.ItemId).ToHashSet(StringComparer.Ordinal));
        var failures = new List<string>();
        var served = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var recipe in new[] { "", "item-knn", "ease", "pooled-history", "popularity" })
        {
            var run = await c.Training.StartRunAsync(new StartRunRequest { TemplateId = template.TemplateId, Recipe = recipe, Epochs = 3, Seed = 5, TrainDatasetId = "train", EvalDatasetId = "eval" }).Within();
            var done = (await WatchAsync(c, run.RunId, TimeSpan.FromMinutes(4), IsTerminal))[^1];
            Assert.True(done.Status is RunStatus.Succeeded or RunStatus.EarlyStopped, $"{recipe}: run ended {done.Status}: {done.Error}");
            await c.Models.ApproveVersionAsync(new ApproveVersionRequest { Family = done.Version.Family, Version = done.Version.Version }).Within();
            await c.Models.PromoteAsync(new PromoteRequest { Family = done.Version.Family, Version = done.Version.Version }).Within();

            var total = 0.0;
            foreach (var (user, items) in heldOut)
            {
                var response = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = user, Count = 10 }).Within();
                Assert.Equal(done.Version.Version, response.Model.Version);
                total += Ndcg10([.. response.Items.Select(i => i.ItemId)], items);
            }

            served[recipe] = total / heldOut.Count;
            var reported = done.FinalMetrics["ndcg@10"];
            output.WriteLine($"{(recipe.Length == 0 ? "default (auto)" : recipe)}: NDCG@10 through Recommend {served[recipe]:F4}, trainer's report {reported:F4}, over {heldOut.Count} users");
            if (Math.Abs(served[recipe] - reported) > 0.01)
            {
                failures.Add($"{recipe}: served {served[recipe]:F4}, reported {reported:F4}");
            }
        }

        // Every recipe learned the planted clusters: through Recommend it beats popularity by at least 30 %.
        failures.AddRange(served.Where(s => s.Key != "popularity" && s.Value < 1.3 * served["popularity"])
            .Select(s => $"{s.Key}: served {s.Value:F4} does not beat popularity's {served["popularity"]:F4} by 30 %"));
        Assert.Empty(failures);
    }

    // Each user's items by their latest event; the newest fifth of them (and all their events) are held out, so no
    // (user, item) pair is in both sets.
    private static (List<PlantedEvents.PlantedEvent> Train, List<PlantedEvents.PlantedEvent> Eval) Split(IReadOnlyList<PlantedEvents.PlantedEvent> events)
    {
        var train = new List<PlantedEvents.PlantedEvent>();
        var eval = new List<PlantedEvents.PlantedEvent>();
        foreach (var user in events.GroupBy(e => e.UserId))
        {
            var latest = user.GroupBy(e => e.ItemId).OrderBy(g => g.Max(e => e.At)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
            var held = latest.Count >= 5 ? latest.Skip(latest.Count - (latest.Count / 5)).ToHashSet(StringComparer.Ordinal) : [];
            foreach (var e in user)
            {
                (held.Contains(e.ItemId) ? eval : train).Add(e);
            }
        }

        return (train, eval);
    }

    private static string Jsonl(IEnumerable<PlantedEvents.PlantedEvent> events)
    {
        var text = new StringBuilder();
        foreach (var e in events)
        {
            var micros = (e.At - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
            text.Append(CultureInfo.InvariantCulture, $$"""{"user_id":"{{e.UserId}}","item_id":"{{e.ItemId}}","type":"{{e.Type}}","timestamp":{{micros}}}""").Append('\n');
        }

        return text.ToString();
    }

    private static double Ndcg10(IReadOnlyList<string> ranked, HashSet<string> relevant)
    {
        double dcg = 0, ideal = 0;
        for (var i = 0; i < Math.Min(10, ranked.Count); i++)
        {
            dcg += relevant.Contains(ranked[i]) ? 1 / Math.Log2(i + 2) : 0;
        }

        for (var i = 0; i < Math.Min(10, relevant.Count); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return dcg / ideal;
    }
}
