using System.Globalization;
using System.Text;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Measurement;
using NeuronEngine.Trainer.Tests.Runs;

namespace NeuronEngine.Trainer.Tests.Measurement;

[Collection(TrainingCollection.Name)]
public sealed class OfflineEvaluationTests : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void Split_Seeded_QuarterOfEachUsersItemsHeldOutWithNoOverlap()
    {
        var lines = new List<InteractionFile.Line>();
        for (var u = 0; u < 50; u++)
        {
            for (var i = 0; i < 4 + u; i++)
            {
                // Two events on some items: both must land on the same side.
                lines.Add(new($"u{u}", $"i{i}", "view", null, i));
                if (i % 3 == 0)
                {
                    lines.Add(new($"u{u}", $"i{i}", "buy", null, 100 + i));
                }
            }
        }

        lines.Add(new("light", "i1", "view", null, 1));

        var (train, test) = OfflineEvaluation.Split(lines, seed: 3);
        var (again, _) = OfflineEvaluation.Split(lines, seed: 3);

        Assert.Equal(train, again);
        Assert.Empty(train.Select(l => (l.UserId, l.ItemId)).Intersect(test.Select(l => (l.UserId, l.ItemId))));
        Assert.Equal(lines.Count, train.Count + test.Count);
        for (var u = 0; u < 50; u++)
        {
            var held = test.Where(l => l.UserId == $"u{u}").Select(l => l.ItemId).Distinct().Count();
            Assert.Equal((4 + u) / 4, held);
        }

        Assert.DoesNotContain(test, l => l.UserId == "light");
    }

    [Fact]
    public void Metrics_HandMadeRanking_NdcgRecallAndHitRate()
    {
        var ranked = Enumerable.Range(0, 20).Select(i => $"i{i}").ToList();
        var relevant = new HashSet<string> { "i0", "i2", "i15", "missing" };

        var (ndcg, recall, hit) = OfflineEvaluation.Metrics(ranked, relevant);

        var ideal = 1 + (1 / Math.Log2(3)) + (1 / Math.Log2(4)) + (1 / Math.Log2(5));
        Assert.Equal((1 + (1 / Math.Log2(4))) / ideal, ndcg, 12);
        Assert.Equal(3.0 / 4, recall, 12);
        Assert.Equal(1, hit);
        Assert.Equal((0.0, 0.0, 0.0), OfflineEvaluation.Metrics(ranked, ["nothing"]));
    }

    [Fact]
    public void Read_BadWeight_InvalidArgumentNamingTheLine()
    {
        var path = Path.Combine(work.Path, "bad.csv");
        File.WriteAllText(path, "user_id,item_id,type,weight,timestamp\nu1,i1,view,1,2025-01-01T00:00:00Z\nu1,i2,view,abc,2025-01-01T00:00:01Z\n");

        var error = Assert.Throws<NeuronException>(() => InteractionFile.Read(path));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("weight", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data.jsonl", "{\"user_id\":\"u1\",\"item_id\":\"i1\"}\n[1,2]\n", 2, "must be a JSON object")]
    [InlineData("data.csv", "user_id,item_id,type\nu1,i1,view\nu1,\"Smith, J\",view\n", 3, "fields are not quoted")]
    [InlineData("data.csv", "user_id,item_id,timestamp\nu1,i1,-5\n", 2, "before 1970")]
    public void Read_MalformedLine_InvalidArgumentNamingTheLine(string name, string text, int line, string reason)
    {
        var path = Path.Combine(work.Path, name);
        File.WriteAllText(path, text);

        var error = Assert.Throws<NeuronException>(() => InteractionFile.Read(path));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"line {line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JsonLinesWithoutType_DefaultTypeAndTimestamps()
    {
        var path = Path.Combine(work.Path, "data.jsonl");
        File.WriteAllText(path, "{\"user_id\":\"u1\",\"item_id\":\"i1\",\"timestamp\":1700000000}\n{\"user\":\"u1\",\"item\":\"i2\",\"weight\":5,\"timestamp\":\"2025-01-01T00:00:00Z\"}\n");

        var lines = InteractionFile.Read(path);

        Assert.Equal(new InteractionFile.Line("u1", "i1", InteractionFile.DefaultType, null, 1_700_000_000_000_000), lines[0]);
        Assert.Equal(5f, lines[1].Weight);
        Assert.Equal(DateTimeOffset.Parse("2025-01-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1000, lines[1].TimestampMicros);
    }

    [Fact]
    public async Task RunAsync_PlantedFile_PrintsEveryRecipeAndNeighboursBeatPopularity()
    {
        var path = Path.Combine(work.Path, "planted.csv");
        var csv = new StringBuilder("user_id,item_id,type,weight,timestamp\n");
        foreach (var e in SyntheticData.Generate(new SyntheticDataOptions { Users = 300, Items = 120, Events = 6_000, Clusters = 6, Seed = 5 }))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{e.UserId},{e.ItemId},{e.Type},,{e.TimestampMicros}\n");
        }

        File.WriteAllText(path, csv.ToString());
        var report = Path.Combine(work.Path, "report.md");
        var output = new StringWriter();

        var code = await OfflineEvaluation.RunAsync(["--data", path, "--recipes", "popularity,item-knn", "--out", report], output, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(0, code);
        var rows = File.ReadAllLines(report).Where(l => l.StartsWith("| popularity", StringComparison.Ordinal) || l.StartsWith("| item-knn", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        var ndcg = rows.Select(r => double.Parse(r.Split('|')[3], CultureInfo.InvariantCulture)).ToList();
        Assert.True(ndcg[1] > 1.3 * ndcg[0], output.ToString());
    }

    [Fact]
    public async Task RunAsync_NoData_ExitTwoWithTheReason()
    {
        var output = new StringWriter();

        var code = await OfflineEvaluation.RunAsync(["--seed", "1"], output, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("--data", output.ToString(), StringComparison.Ordinal);
    }
}
