using System.Globalization;
using NeuronEngine.LoadTests.Cli;
using NeuronEngine.LoadTests.Quality;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.LoadTests.Tests.Quality;

/// <summary>
/// <c>datagen</c> then <c>quality --start-engine</c> end to end: a real engine process with its trainer sidecar, the
/// popularity recipe on a tiny shop. The report must be written, every figure in [0, 1], and the in-process
/// popularity row must equal an independent computation from the train.csv and test.csv the run wrote.
/// </summary>
public sealed class QualityCommandTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Quality_TinyShop_StartsAnEngine_ReportsAndPopularityMatchesAnIndependentComputation()
    {
        using var dir = new TempDirectory("quality");
        var data = dir.Combine("shop.csv");
        Assert.Equal(0, await RunAsync("datagen", "--profile", "small", "--users", "120", "--items", "300", "--seed", "5", "--out", data));

        var outDir = dir.Combine("out");
        Assert.Equal(0, await RunAsync("quality", "--data", data, "--start-engine", "--recipe", "popularity", "--seed", "5", "--out", outDir, "--run-timeout", "2m"));

        var report = QualityReport.Read(Path.Combine(outDir, "report.json"));
        Assert.True(File.Exists(Path.Combine(outDir, "report.md")));
        Assert.Equal("popularity", report.Run!.Recipe);
        Assert.Equal(4, report.Models.Count);
        Assert.All(report.Models, m =>
        {
            Assert.InRange(m.Ndcg10, 0, 1);
            Assert.InRange(m.Recall20, 0, 1);
            Assert.InRange(m.Hr10, 0, 1);
            Assert.Equal(report.Split.EvaluatedUsers, m.Users);
        });
        Assert.True(report.Models.Max(m => m.Hr10) > 0);

        var expected = IndependentPopularityNdcg(data, Path.Combine(outDir, "train.csv"), Path.Combine(outDir, "test.csv"));
        var popularity = Assert.Single(report.Models, m => m.Model.StartsWith("popularity", StringComparison.Ordinal));
        Assert.Equal(expected, popularity.Ndcg10, 9);
    }

    // Popularity = distinct train users per item, ties to the item seen first in the data file; training items dropped.
    private static double IndependentPopularityNdcg(string data, string trainPath, string testPath)
    {
        static IEnumerable<string[]> Rows(string path) => File.ReadLines(path).Skip(1).Select(l => l.Split(','));
        var firstSeen = Rows(data).Select(r => r[1]).Distinct().Select((item, i) => (item, i)).ToDictionary(p => p.item, p => p.i);
        var train = Rows(trainPath).GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.Select(r => r[1]).ToHashSet());
        var test = Rows(testPath).GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.Select(r => r[1]).ToHashSet());
        var ranked = firstSeen.Keys
            .OrderByDescending(item => train.Values.Count(items => items.Contains(item)))
            .ThenBy(item => firstSeen[item])
            .ToList();
        var total = 0.0;
        foreach (var (user, heldOut) in test)
        {
            var top = ranked.Where(item => !train[user].Contains(item)).Take(10).ToList();
            var dcg = top.Select((item, i) => heldOut.Contains(item) ? 1 / Math.Log2(i + 2) : 0).Sum();
            var ideal = Enumerable.Range(0, Math.Min(10, heldOut.Count)).Sum(i => 1 / Math.Log2(i + 2));
            total += dcg / ideal;
        }

        return total / test.Count;
    }

    private async Task<int> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var code = await LoadTestCommand.RunAsync(args, output).WaitAsync(TimeSpan.FromSeconds(150));
        log.WriteLine(output.ToString());
        return code;
    }
}
