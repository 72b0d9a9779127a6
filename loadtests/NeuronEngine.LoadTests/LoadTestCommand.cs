using System.Globalization;

namespace NeuronEngine.LoadTests;

/// <summary>Command-line entry: <c>ingest</c> measures acknowledged events/s over TrackStream.</summary>
internal static class LoadTestCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("""
                usage: NeuronEngine.LoadTests ingest [options]
                  --target URL        engine address (default http://127.0.0.1:7070)
                  --tenant NAME       tenant to write to (default loadtest)
                  --streams N         concurrent TrackStream calls (default 8)
                  --in-flight N       unacknowledged batches per stream (default 4)
                  --batch N           events per TrackRequest (default 500)
                  --duration SECONDS  measured time (default 20)
                  --warmup SECONDS    unmeasured time first (default 3)
                  --users N           distinct users (default 100000)
                  --items N           distinct items (default 50000)
                  --seed N            random seed (default 42)
                  --json PATH         also write the result as JSON
                """);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] != "ingest")
        {
            await Console.Error.WriteLineAsync($"unknown scenario \"{args[0]}\" (try --help)");
            return 2;
        }

        var options = new IngestOptions();
        for (var i = 1; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--target": options.Target = value; break;
                case "--tenant": options.Tenant = value; break;
                case "--streams": options.Streams = Int(value); break;
                case "--in-flight": options.InFlight = Int(value); break;
                case "--batch": options.Batch = Int(value); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(Int(value)); break;
                case "--warmup": options.Warmup = TimeSpan.FromSeconds(Int(value)); break;
                case "--users": options.Users = Int(value); break;
                case "--items": options.Items = Int(value); break;
                case "--seed": options.Seed = Int(value); break;
                case "--json": options.JsonPath = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        var result = await new IngestScenario(options).RunAsync();
        Console.WriteLine(result.ToText());
        if (options.JsonPath is not null)
        {
            await File.WriteAllTextAsync(options.JsonPath, result.ToJson());
        }

        return result.Errors == 0 ? 0 : 1;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
