using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Contracts.V1;
using NeuronEngine.LoadTests.Data;
using NeuronEngine.LoadTests.Engine;

namespace NeuronEngine.LoadTests.Quality;

/// <summary>
/// The RECIPES.md quality protocol measured from outside: read the interactions, split them per user, write the split,
/// compute the popularity and co-occurrence baselines in-process, then in a fresh tenant track the train events,
/// train (StartRun → WatchRun), approve and promote, Recommend for every user with held-out items and score the
/// lists both as the engine returned them and with the user's training items dropped.
/// </summary>
internal sealed class QualityRun(QualityOptions options, TextWriter output)
{
    public const int RecallDepth = 20;
    public const int MaxCount = 1000;

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    public async Task<QualityReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var read = InteractionReader.Read(options.Data);
        var table = read.Table;
        await output.WriteLineAsync($"quality: {table.Count:N0} events, {table.Users.Count:N0} users, {table.Items.Count:N0} items, types {string.Join(", ", table.Types.Select(t => $"{t.Type}={t.Weight}"))} ({clock.Elapsed.TotalSeconds:F1} s)");
        var notes = new List<string>();
        if (read.OffTypeWeights > 0)
        {
            notes.Add($"{read.OffTypeWeights:N0} events carry a weight other than their type's; the engine weighs by type, so the type's weight is used.");
        }

        var split = QualitySplit.Create(table, options.Split, options.Seed);
        Directory.CreateDirectory(options.Out);
        var isTrain = new bool[table.Count];
        for (var row = 0; row < table.Count; row++)
        {
            isTrain[row] = split.IsTrain(table, row);
        }

        InteractionFile.WriteCsv(Path.Combine(options.Out, "train.csv"), table, row => isTrain[row]);
        InteractionFile.WriteCsv(Path.Combine(options.Out, "test.csv"), table, row => !isTrain[row]);
        var users = Enumerable.Range(0, table.Users.Count).Where(u => split.TestItems[u].Length > 0).ToArray();
        var data = Describe(table, split, isTrain, users);
        await output.WriteLineAsync($"quality: split {data.TrainEvents:N0} train / {data.TestEvents:N0} test events, {users.Length:N0} users with {data.HeldOutPairs:N0} held-out items ({data.HeldOutPairsOnUnknownItems:N0} on items never in train); train.csv and test.csv in {options.Out}");

        var rows = new List<QualityRow>();
        rows.AddRange(MeasureBaselines(table, split, users, notes));
        foreach (var row in rows)
        {
            await output.WriteLineAsync($"quality: {row.Model}: NDCG@10 {row.Ndcg10:F4} ({row.Seconds:F1} s)");
        }

        QualityRunSummary? run = null;
        double? trainInTop20 = null;
        EngineLauncher? launcher = null;
        try
        {
            var target = options.Engine;
            if (options.StartEngine)
            {
                launcher = await EngineLauncher.StartAsync(options.EngineAssembly, Path.Combine(Path.GetFullPath(options.Out), "engine.log"), StartTimeout, cancellationToken);
                target = launcher.Address;
                await output.WriteLineAsync($"quality: engine started at {target} (pid {launcher.ProcessId}, log {Path.Combine(options.Out, "engine.log")})");
            }

            var tenant = $"quality-{Guid.NewGuid().ToString("N")[..8]}";
            using var client = new EngineClient(target, tenant);
            await WaitServingAsync(client, target, cancellationToken);
            await TrackAsync(client, table, isTrain, data.TrainEvents, cancellationToken);
            await output.WriteLineAsync($"quality: tenant {tenant}: {data.TrainEvents:N0} train events tracked ({clock.Elapsed.TotalSeconds:F1} s)");
            run = await TrainAsync(client, table, tenant, cancellationToken);
            var (engineRows, leaked) = await MeasureEngineAsync(client, table, split, users, run, cancellationToken);
            rows.InsertRange(0, engineRows);
            trainInTop20 = leaked;
        }
        finally
        {
            if (launcher is not null)
            {
                await launcher.DisposeAsync();
            }
        }

        if (trainInTop20 > 0)
        {
            notes.Add($"The engine's own top 20 held {trainInTop20:F2} of the user's training items on average: it excludes only the items in its per-user history buffer (Counters:HistoryLength, the last 200 events), so the engine-only row scores fewer than 20 unseen items for heavy users.");
        }

        var report = new QualityReport
        {
            Data = Path.GetFileName(options.Data),
            Seed = options.Seed,
            TrainShare = options.Split,
            Split = data,
            Run = run,
            Models = rows,
            TrainItemsInEngineTop20 = trainInTop20,
            Notes = notes,
        };
        report.Write(options.Out);
        await output.WriteLineAsync();
        await output.WriteAsync(report.Table());
        foreach (var note in notes)
        {
            await output.WriteLineAsync("note: " + note);
        }

        await output.WriteLineAsync($"quality: report.json and report.md in {options.Out} ({clock.Elapsed.TotalSeconds:F1} s)");
        return report;
    }

    private static QualityData Describe(InteractionTable table, QualitySplit split, bool[] isTrain, int[] users)
    {
        var inTrain = new bool[table.Items.Count];
        foreach (var items in split.TrainItems)
        {
            foreach (var item in items)
            {
                inTrain[item] = true;
            }
        }

        var trainEvents = isTrain.LongCount(t => t);
        return new QualityData(
            table.Count,
            table.Users.Count,
            table.Items.Count,
            table.Types.ToDictionary(t => t.Type, t => t.Weight, StringComparer.Ordinal),
            trainEvents,
            table.Count - trainEvents,
            users.Length,
            users.Sum(u => (long)split.TestItems[u].Length),
            users.Sum(u => (long)split.TestItems[u].Count(i => !inTrain[i])));
    }

    /// <summary>Popularity and item co-occurrence over the same users, training items excluded.</summary>
    internal static List<QualityRow> MeasureBaselines(InteractionTable table, QualitySplit split, int[] users, List<string> notes)
    {
        var rows = new List<QualityRow>();
        var clock = Stopwatch.StartNew();
        var (popularity, order) = Baselines.Popularity(split.TrainItems, table.Items.Count);
        var totals = new MetricTotals();
        foreach (var u in users)
        {
            totals.Add(Baselines.TopPopular(order, split.TrainItems[u], RecallDepth), split.TestItems[u]);
        }

        rows.Add(QualityRow.From("popularity (in-process)", totals, clock.Elapsed));

        clock.Restart();
        var cooccurrence = CooccurrenceBaseline.Fit(split.TrainItems, table.Items.Count, popularity, order, out var skipped);
        if (cooccurrence is null)
        {
            notes.Add(skipped!);
            return rows;
        }

        totals = new MetricTotals();
        foreach (var u in users)
        {
            totals.Add(cooccurrence.Recommend(split.TrainItems[u], RecallDepth), split.TestItems[u]);
        }

        var name = cooccurrence.KeptNeighbours is { } k ? $"co-occurrence cosine, top {k} (in-process)" : "co-occurrence cosine (in-process)";
        rows.Add(QualityRow.From(name, totals, clock.Elapsed));
        return rows;
    }

    private async Task WaitServingAsync(EngineClient client, string target, CancellationToken cancellationToken)
    {
        // A started engine may still be recovering; an engine given by address should answer at once.
        var timeout = options.StartEngine ? StartTimeout : TimeSpan.FromSeconds(20);
        var until = DateTime.UtcNow + timeout;
        var last = "not SERVING";
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (await client.IsServingAsync(DateTime.UtcNow.AddSeconds(5)))
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException ex)
            {
                last = $"{ex.StatusCode}: {ex.Status.Detail}";
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new InvalidOperationException($"the engine at {target} is not serving after {timeout.TotalSeconds:F0} s ({last})");
    }

    private static async Task TrackAsync(EngineClient client, InteractionTable table, bool[] isTrain, long expected, CancellationToken cancellationToken)
    {
        foreach (var type in table.Types)
        {
            await client.Sdk.EventTypes.CreateAsync(new EventType { Type = type.Type, Name = type.Type, Weight = type.Weight }, CallDeadline, cancellationToken);
        }

        // Through the SDK's batching tracker; the event id is the row, so a retried batch is counted as duplicates.
        var tracker = client.Sdk.CreateTracker();
        await using (tracker.ConfigureAwait(false))
        {
            for (var row = 0; row < table.Count; row++)
            {
                if (!isTrain[row])
                {
                    continue;
                }

                await tracker.TrackAsync(
                    new Event
                    {
                        EventId = "e" + row.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        UserId = table.Users[table.UserOf(row)],
                        ItemId = table.Items[table.ItemOf(row)],
                        Type = table.Types[table.TypeOf(row)].Type,
                        Timestamp = Timestamp.FromDateTime(table.TimeOf(row)),
                    },
                    cancellationToken);
            }

            await tracker.FlushAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        }

        if (tracker.Failed > 0 || tracker.Sent + tracker.Duplicates != expected)
        {
            throw new InvalidOperationException($"the engine acknowledged {tracker.Sent + tracker.Duplicates:N0} of {expected:N0} train events ({tracker.Failed:N0} failed)");
        }
    }

    private async Task<QualityRunSummary> TrainAsync(EngineClient client, InteractionTable table, string tenant, CancellationToken cancellationToken)
    {
        var template = new Template { Name = tenant, MinTotalEvents = 1 };
        foreach (var type in table.Types)
        {
            template.Signals.Add(new Signal { Type = type.Type, Threshold = 1 });
        }

        template = await client.Sdk.Templates.CreateAsync(template, CallDeadline, cancellationToken);
        await client.Sdk.Templates.PublishAsync(template.TemplateId, CallDeadline, cancellationToken);
        var request = new StartRunRequest { TemplateId = template.TemplateId, Seed = options.Seed, Family = "quality" };
        if (options.Recipe is not null)
        {
            request.Recipe = options.Recipe;
        }

        if (options.Epochs is { } epochs)
        {
            request.Epochs = epochs;
        }

        var run = await client.Sdk.Training.StartRunAsync(request, CallDeadline, cancellationToken);
        await output.WriteLineAsync($"quality: run {run.RunId} started (recipe {(run.Recipe.Length > 0 ? run.Recipe : "default")}, {run.EpochsPlanned} epochs planned)");
        var printed = 0;
        var phase = "";
        await foreach (var update in client.Sdk.Training.WatchRunAsync(run.RunId, options.RunTimeout, cancellationToken))
        {
            run = update;
            if (update.Progress is { } progress && progress.Phase != phase)
            {
                phase = progress.Phase;
                await output.WriteLineAsync($"quality: run {update.RunId}: {phase}");
            }

            for (; printed < update.Epochs.Count; printed++)
            {
                var epoch = update.Epochs[printed];
                await output.WriteLineAsync($"quality: epoch {epoch.Epoch}: loss {epoch.Loss:F4} {string.Join(" ", epoch.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value:F4}"))}");
            }

            if (IsTerminal(update.Status))
            {
                break;
            }
        }

        run = await client.Sdk.Training.GetRunAsync(run.RunId, CallDeadline, cancellationToken);
        if (run.Status is not (RunStatus.Succeeded or RunStatus.EarlyStopped) || run.Version is null)
        {
            throw new InvalidOperationException($"run {run.RunId} ended {run.Status}: {run.Error}");
        }

        await client.Sdk.Models.ApproveVersionAsync(run.Version.Family, run.Version.Version, CallDeadline, cancellationToken);
        await client.Sdk.Models.PromoteAsync(run.Version.Family, run.Version.Version, deadline: TimeSpan.FromMinutes(5), ct: cancellationToken);
        await output.WriteLineAsync($"quality: run {run.RunId} {run.Status} in {run.Duration?.ToTimeSpan().TotalSeconds ?? 0:F1} s; version {run.Version.Family} v{run.Version.Version} approved and promoted; the run's final metrics: {string.Join(", ", run.FinalMetrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value:F4}"))}");
        return new QualityRunSummary(
            run.RunId,
            run.Recipe,
            run.Status.ToString(),
            run.Version.Family,
            run.Version.Version,
            run.Duration?.ToTimeSpan().TotalSeconds ?? 0,
            run.FinalMetrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
            [.. run.Epochs.Select(e => new QualityEpoch(e.Epoch, e.Loss, e.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal)))]);
    }

    private static bool IsTerminal(RunStatus status) => status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Stopped or RunStatus.EarlyStopped;

    private async Task<(List<QualityRow> Rows, double TrainInTop20)> MeasureEngineAsync(
        EngineClient client, InteractionTable table, QualitySplit split, int[] users, QualityRunSummary run, CancellationToken cancellationToken)
    {
        // The promotion is visible once Recommend answers from the new version.
        var until = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var probe = await client.Sdk.Recommendations.RecommendAsync(new RecommendRequest { UserId = table.Users[users[0]], Count = 1 }, CallDeadline, cancellationToken);
            if (probe.Model is { } model && model.Family == run.Family && model.Version == run.Version)
            {
                break;
            }

            if (DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"Recommend still answers from {probe.Model} a minute after promoting {run.Family} v{run.Version}");
            }

            await Task.Delay(200, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        var lists = new int[users.Length][];
        var fallbacks = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, users.Length),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (k, ct) =>
            {
                var u = users[k];
                var request = new RecommendRequest
                {
                    UserId = table.Users[u],
                    Count = Math.Min(MaxCount, RecallDepth + split.TrainItems[u].Length),
                    ExcludeSeen = true,
                };
                var response = await client.Sdk.Recommendations.RecommendAsync(request, CallDeadline, ct);
                if (response.PopularFallback)
                {
                    Interlocked.Increment(ref fallbacks);
                }

                lists[k] = [.. response.Items.Select(i => table.FindItem(i.ItemId) ?? -1)];
            });
        var elapsed = clock.Elapsed;

        var engineOnly = new MetricTotals();
        var protocol = new MetricTotals();
        long trainInTop20 = 0;
        var shortLists = 0;
        for (var k = 0; k < users.Length; k++)
        {
            var train = split.TrainItems[users[k]];
            var top = lists[k].Take(RecallDepth).ToList();
            trainInTop20 += top.Count(i => Array.BinarySearch(train, i) >= 0);
            engineOnly.Add(top, split.TestItems[users[k]]);
            var unseen = lists[k].Where(i => Array.BinarySearch(train, i) < 0).Take(RecallDepth).ToList();
            shortLists += unseen.Count < RecallDepth ? 1 : 0;
            protocol.Add(unseen, split.TestItems[users[k]]);
        }

        var name = $"engine {run.Recipe} v{run.Version}";
        await output.WriteLineAsync($"quality: {users.Length:N0} Recommend calls in {elapsed.TotalSeconds:F1} s ({fallbacks} popular fallbacks, {shortLists} lists with fewer than {RecallDepth} unseen items)");
        return (
            [QualityRow.From(name + ", training items dropped (protocol)", protocol, elapsed), QualityRow.From(name + ", engine exclusion only", engineOnly, elapsed)],
            (double)trainInTop20 / Math.Max(1, users.Length));
    }
}
