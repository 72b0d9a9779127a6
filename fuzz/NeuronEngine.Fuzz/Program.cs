using System.Diagnostics;
using System.Globalization;
using NeuronEngine.Fuzz;

// Usage (README.md):
//   NeuronEngine.Fuzz TARGET                     run under afl-fuzz (SharpFuzz out-of-process fork server)
//   NeuronEngine.Fuzz TARGET --random N [SEED]   run N mutated inputs in-process, no AFL needed
//   NeuronEngine.Fuzz TARGET --replay DIR        run every file in DIR (a corpus, or AFL's crashes/)
//   NeuronEngine.Fuzz TARGET --corpus DIR        write the seed inputs AFL starts from
// TARGET is log-record or onnx.
if (args.Length == 0 || FuzzTarget.All.FirstOrDefault(t => t.Name == args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: NeuronEngine.Fuzz {string.Join('|', FuzzTarget.All.Select(t => t.Name))} [--random N [SEED] | --replay DIR | --corpus DIR]");
    return 2;
}

switch (args.ElementAtOrDefault(1))
{
    case null:
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    case "--random" when args.Length >= 3:
        var count = long.Parse(args[2], CultureInfo.InvariantCulture);
        var seed = args.Length >= 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : Environment.TickCount;
        return Report(target, InProcess.RunRandom(target, count, seed), $"seed {seed}");
    case "--replay" when args.Length >= 3:
        return Report(target, InProcess.Replay(target, args[2]), args[2]);
    case "--corpus" when args.Length >= 3:
        Directory.CreateDirectory(args[2]);
        var seeds = target.Seeds(new Random(1));
        for (var i = 0; i < seeds.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(args[2], $"seed-{i:D2}.bin"), seeds[i]);
        }

        Console.WriteLine($"{target.Name}: wrote {seeds.Count} seed inputs to {args[2]}");
        return 0;
    default:
        Console.Error.WriteLine($"unknown option {args[1]}");
        return 2;
}

static int Report(FuzzTarget target, InProcess.Result result, string source)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{target.Name}: {result.Inputs} inputs ({source}) in {result.Elapsed.TotalSeconds:F1} s, {result.Crashes.Count} crashed"));
    foreach (var (file, error) in result.Crashes.Take(10))
    {
        Console.WriteLine($"  crash: {file}: {error.GetType().FullName}: {error.Message}");
    }

    return result.Crashes.Count == 0 ? 0 : 1;
}

/// <summary>Runs a target without AFL: random mutations of its seeds, or the files of a folder.</summary>
internal static class InProcess
{
    public sealed record Result(long Inputs, TimeSpan Elapsed, List<(string File, Exception Error)> Crashes);

    /// <summary>Mutates the seeds <paramref name="count"/> times; a crashing input is saved under <c>fuzz-crashes/TARGET</c>.</summary>
    public static Result RunRandom(FuzzTarget target, long count, int seed)
    {
        var random = new Random(seed);
        var seeds = target.Seeds(random);
        var crashes = new List<(string, Exception)>();
        var watch = Stopwatch.StartNew();
        for (long i = 0; i < count; i++)
        {
            var input = i % 16 == 15 ? RandomBytes(random) : Mutate(seeds[random.Next(seeds.Count)], random);
            if (Crash(target, input) is { } error)
            {
                var folder = Path.Combine("fuzz-crashes", target.Name);
                Directory.CreateDirectory(folder);
                var file = Path.Combine(folder, $"crash-{seed}-{i}.bin");
                File.WriteAllBytes(file, input);
                crashes.Add((file, error));
            }
        }

        return new Result(count, watch.Elapsed, crashes);
    }

    public static Result Replay(FuzzTarget target, string directory)
    {
        var crashes = new List<(string, Exception)>();
        var watch = Stopwatch.StartNew();
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        foreach (var file in files)
        {
            if (Crash(target, File.ReadAllBytes(file)) is { } error)
            {
                crashes.Add((file, error));
            }
        }

        return new Result(files.Length, watch.Elapsed, crashes);
    }

    /// <summary>The exception an input escapes with (a crash), or null.</summary>
    private static Exception? Crash(FuzzTarget target, byte[] input)
    {
        try
        {
            target.Run(input);
            return null;
        }
#pragma warning disable CA1031 // Any escaping exception is exactly what the fuzzer is looking for.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 512)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One to eight edits: bit flips, overwritten bytes, cuts, inserted runs, deleted runs and copied runs.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        for (var edits = random.Next(1, 9); edits > 0; edits--)
        {
            if (bytes.Count == 0)
            {
                bytes.Add((byte)random.Next(256));
                continue;
            }

            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Repeat((byte)random.Next(256), random.Next(1, 17)));
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 17)));
                    break;
                default:
                    var from = random.Next(bytes.Count);
                    bytes.InsertRange(at, bytes.GetRange(from, Math.Min(bytes.Count - from, random.Next(1, 33))));
                    break;
            }
        }

        return [.. bytes];
    }
}
