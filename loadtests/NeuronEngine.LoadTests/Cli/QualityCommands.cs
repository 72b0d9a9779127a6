using System.CommandLine;
using NeuronEngine.LoadTests.Data;
using NeuronEngine.LoadTests.Quality;

namespace NeuronEngine.LoadTests.Cli;

/// <summary><c>datagen</c> (a synthetic shop's interactions as CSV) and <c>quality</c> (the RECIPES.md protocol through Recommend).</summary>
internal static class QualityCommands
{
    public static Command Datagen(TextWriter output)
    {
        Option<string> profile = new("--profile") { Description = "small (1.7k items, 1,000 users, ~100k events), medium (50k, 20k, ~1M) or large (1M, 100k, ~3M)", DefaultValueFactory = _ => "small" };
        Option<int> seed = new("--seed") { Description = "random seed: the same seed writes the same file", DefaultValueFactory = _ => 42 };
        Option<string> outPath = new("--out") { Description = "the CSV file to write", Required = true };
        Option<int?> users = new("--users") { Description = "override the profile's users" };
        Option<int?> items = new("--items") { Description = "override the profile's catalog items" };
        var command = new Command("datagen", "Write a synthetic shop's interactions (long tail, tastes, series, complements, session funnels, noise) as CSV.")
        {
            profile, seed, outPath, users, items,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (ShopProfile.Find(result.GetValue(profile)!) is not { } chosen)
            {
                await output.WriteLineAsync($"--profile: must be one of {string.Join(", ", ShopProfile.All.Select(p => p.Name))}");
                return 2;
            }

            chosen = chosen with { Users = result.GetValue(users) ?? chosen.Users, Items = result.GetValue(items) ?? chosen.Items };
            if (chosen.Users < 1 || chosen.Items < 100)
            {
                await output.WriteLineAsync("--users must be at least 1 and --items at least 100");
                return 2;
            }

            var path = result.GetValue(outPath)!;
            return await LoadTestCommand.Guard(output, async () =>
            {
                var summary = new ShopGenerator(chosen, result.GetValue(seed)).Write(path);
                var types = string.Join(", ", ShopGenerator.Types.Select((t, i) => $"{t.Type} {summary.PerType[i]:N0}"));
                await output.WriteLineAsync($"datagen: {summary.Events:N0} events ({types}) for {summary.Users:N0} users over {summary.Items:N0} items to {path} ({new FileInfo(path).Length / 1048576.0:F1} MiB) in {summary.Elapsed.TotalSeconds:F1} s");
                return 0;
            });
        });
        return command;
    }

    public static Command Quality(TextWriter output)
    {
        Option<string> data = new("--data") { Description = "interactions: CSV (user_id,item_id,type,weight,timestamp) or JSON Lines", Required = true };
        Option<string> engine = new("--engine") { Description = "a running engine (loopback)", DefaultValueFactory = _ => "http://127.0.0.1:7070" };
        Option<bool> startEngine = new("--start-engine") { Description = "start an engine with its trainer sidecar on a free loopback port in a temp data directory, and stop it at the end" };
        Option<string?> engineDll = new("--engine-dll") { Description = "the NeuronEngine.Server.dll --start-engine runs (default: this repository's build)" };
        Option<string?> recipe = new("--recipe") { Description = "StartRun's recipe (default: the engine's)" };
        Option<int?> epochs = new("--epochs") { Description = "StartRun's epochs (default: the engine's)" };
        Option<int> seed = new("--seed") { Description = "split and run seed", DefaultValueFactory = _ => 42 };
        Option<double> split = new("--split") { Description = "share of each user's distinct items that go to train", DefaultValueFactory = _ => 0.75 };
        Option<string?> outDir = new("--out") { Description = "output directory (default quality-results/<time>)" };
        Option<string> runTimeout = new("--run-timeout") { Description = "longest wait for the training run (e.g. 30m)", DefaultValueFactory = _ => "30m" };
        var command = new Command("quality", "Measure recommendation quality through Recommend (RECIPES.md protocol) against popularity and co-occurrence baselines on the same split.")
        {
            data, engine, startEngine, engineDll, recipe, epochs, seed, split, outDir, runTimeout,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var errors = new List<string>();
            var timeout = DurationParser.TryParse(result.GetValue(runTimeout)!, out var parsed) ? parsed : TimeSpan.Zero;
            if (timeout <= TimeSpan.Zero)
            {
                errors.Add("--run-timeout: must be a positive duration such as 30m");
            }

            var options = new QualityOptions
            {
                Data = result.GetValue(data)!,
                Engine = result.GetValue(engine)!,
                StartEngine = result.GetValue(startEngine),
                EngineAssembly = result.GetValue(engineDll),
                Recipe = result.GetValue(recipe),
                Epochs = result.GetValue(epochs),
                Seed = result.GetValue(seed),
                Split = result.GetValue(split),
                Out = result.GetValue(outDir) ?? Path.Combine("quality-results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)),
                RunTimeout = timeout,
            };
            errors.AddRange(options.Validate());
            if (errors.Count > 0)
            {
                await output.WriteLineAsync(string.Join('\n', errors));
                return 2;
            }

            return await LoadTestCommand.Guard(output, async () =>
            {
                await new QualityRun(options, output).RunAsync(cancellationToken);
                return 0;
            });
        });
        return command;
    }
}
