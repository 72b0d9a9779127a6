using NeuronEngine.Core;
using NeuronEngine.EventLog;

namespace NeuronEngine.Trainer.Tests.Datasets;

public sealed class EventLogDatasetReaderTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task BuildAsync_StandardLog_WeightsDedupAndLatestHeldOut()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());

        var data = await TestLog.BuildAsync(dir.Path, ends[^1]);

        // u1's i1 was clicked (1) then bought (10): one interaction, the larger weight, the later time.
        Assert.Equal(
            [("u1", "i1", 10f, 30L), ("u1", "i2", 1f, 20L), ("u1", "i3", 1f, 40L), ("u2", "i1", 1f, 15L), ("u2", "i2", 1f, 25L), ("u2", "i4", 1f, 35L)],
            TestLog.Rows(data, data.Train));
        Assert.Equal([("u1", "i4", 1f, 50L)], TestLog.Rows(data, data.Eval));
        var r = data.Report;
        Assert.Equal((2, 4, 1, 6L, 1L, 0L), (r.Users, r.Items, r.EvalUsers, r.TrainInteractions, r.EvalInteractions, r.Overlap));
        Assert.Equal((9L, 8L, 1L), (r.EventsRead, r.EventsUsed, r.DuplicatesMerged));
        Assert.DoesNotContain("i9", data.Items.Ids);
    }

    [Fact]
    public async Task BuildAsync_SignalBelowThreshold_DroppedAndReportedWithCount()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());

        var report = (await TestLog.BuildAsync(dir.Path, ends[^1])).Report;

        Assert.Equal([new SignalStat("view", 2, 100, 1)], report.SignalsDropped);
        Assert.Equal([new SignalStat("click", 1, 3, 7), new SignalStat("purchase", 10, 1, 1)], report.SignalsUsed);
    }

    [Fact]
    public async Task BuildAsync_PassingTotalBelowMinimum_RefusesWithNumbers()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestLog.BuildAsync(dir.Path, ends[^1], TestLog.Template(minTotal: 1000)));

        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
        Assert.Contains("8 events", ex.Message, StringComparison.Ordinal);
        Assert.Contains("click: 7", ex.Message, StringComparison.Ordinal);
        Assert.Contains("minimum of 1000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_NoSignalPasses_RefusesWithEachCount()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());
        var template = new FrozenTemplate("t", [new TemplateSignal("click", 1, 50), new TemplateSignal("view", 2, 5)], 0);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestLog.BuildAsync(dir.Path, ends[^1], template));

        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
        Assert.Contains("click: 7 events, threshold 50", ex.Message, StringComparison.Ordinal);
        Assert.Contains("view: 1 events, threshold 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_TagFilter_OnlyTaggedEventsCount()
    {
        var ends = await TestLog.WriteAsync(
            dir.Path,
            TestLog.Batch(
                "acme",
                TestLog.Event("u1", "i1", "click", 1, "surface:home"),
                TestLog.Event("u1", "i2", "click", 2, "surface:search"),
                TestLog.Event("u2", "i1", "click", 3, "campaign:x", "surface:home"),
                TestLog.Event("u2", "i3", "click", 4)));

        var data = await TestLog.BuildAsync(dir.Path, ends[^1], TestLog.Template(minTotal: 1, tag: "surface:home", clickThreshold: 1));

        Assert.Equal([("u1", "i1", 1f, 1L), ("u2", "i1", 1f, 3L)], TestLog.Rows(data, data.Train));
        Assert.Equal(2, data.Report.SignalsUsed.Single(s => s.Type == "click").Events);
        Assert.Equal(4, data.Report.EventsRead);
    }

    [Fact]
    public async Task BuildAsync_OtherTenant_SeesOnlyItsOwnEvents()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());

        var data = await TestLog.BuildAsync(dir.Path, ends[^1], TestLog.Template(minTotal: 1, clickThreshold: 1), tenant: "other");

        Assert.Equal([("u1", "x1", 1f, 11L), ("u1", "x2", 1f, 12L), ("z9", "i1", 10f, 14L), ("z9", "x1", 1f, 13L)], TestLog.Rows(data, data.Train));
        Assert.Equal(4, data.Report.EventsRead);
    }

    [Fact]
    public async Task BuildAsync_WindowEndsEarly_LaterEventsNotRead()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());

        var data = await TestLog.BuildAsync(dir.Path, ends[1], TestLog.Template(minTotal: 1, clickThreshold: 1));

        Assert.Equal([("u1", "i1", 1f, 10L), ("u1", "i2", 1f, 20L), ("u2", "i1", 1f, 15L)], TestLog.Rows(data, data.Train));
        Assert.Equal((3L, 0L, ends[1].Offset), (data.Report.EventsRead, data.Report.WindowFrom!.Value, data.Report.WindowTo!.Value));
    }

    [Fact]
    public async Task BuildAsync_WindowPastLogEnd_Refuses()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestLog.BuildAsync(dir.Path, new LogPosition(ends[^1].Offset + 100)));

        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
        Assert.Contains(ends[^1].ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_TwoBuilds_IdenticalDatasetsAndHashes()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());

        var first = await TestLog.BuildAsync(dir.Path, ends[^1]);
        var second = await TestLog.BuildAsync(dir.Path, ends[^1]);
        var shorter = await TestLog.BuildAsync(dir.Path, ends[^2]);

        Assert.Equal(first.Report, second.Report with { SignalsUsed = first.Report.SignalsUsed, SignalsDropped = first.Report.SignalsDropped });
        Assert.Equal(first.Train.All.ToArray(), second.Train.All.ToArray());
        Assert.Equal(first.Eval.All.ToArray(), second.Eval.All.ToArray());
        Assert.Matches("^[0-9a-f]{64}$", first.Report.TrainSha256);
        Assert.NotEqual(first.Report.TrainSha256, first.Report.EvalSha256);
        Assert.NotEqual(first.Report.TrainSha256, shorter.Report.TrainSha256);
    }

    [Fact]
    public async Task BuildAsync_ItemOnlyInEval_DroppedAndCounted()
    {
        var events = TestLog.Standard().ToList();
        // u3's latest interaction is with an item nobody else touched.
        events.Add(TestLog.Batch("acme", TestLog.Event("u3", "i1", "click", 1), TestLog.Event("u3", "i2", "click", 2),
            TestLog.Event("u3", "i3", "click", 3), TestLog.Event("u3", "new", "click", 4)));
        var ends = await TestLog.WriteAsync(dir.Path, [.. events]);

        var data = await TestLog.BuildAsync(dir.Path, ends[^1]);

        Assert.DoesNotContain("new", data.Items.Ids);
        Assert.Equal((1, 1L, 1L, 1), (data.Report.EvalOnlyItemsDropped, data.Report.EvalOnlyInteractionsDropped, data.Report.EvalInteractions, data.Report.EvalUsers));
        Assert.Empty(data.Eval.ForUser(data.Users.Ids.ToList().IndexOf("u3")).ToArray());
    }

    [Fact]
    public async Task ToJson_Report_CarriesOverlapHashesAndDroppedSignals()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());
        var report = (await TestLog.BuildAsync(dir.Path, ends[^1])).Report;

        var json = System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement;

        Assert.Equal(0, json.GetProperty("overlap").GetInt64());
        Assert.Equal(report.TrainSha256, json.GetProperty("trainSha256").GetString());
        Assert.Equal("view", json.GetProperty("signalsDropped")[0].GetProperty("type").GetString());
        Assert.Equal("event-log", json.GetProperty("source").GetString());
    }

    [Fact]
    public async Task BuildAsync_InvalidTemplate_InvalidArgumentListingEveryRule()
    {
        var ends = await TestLog.WriteAsync(dir.Path, TestLog.Standard());
        var template = new FrozenTemplate("", [new TemplateSignal("click", 0, -1), new TemplateSignal("click", 5, 0)], -2, "nocolon");

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestLog.BuildAsync(dir.Path, ends[^1], template));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        foreach (var field in new[] { "template.template_id", "signals[0].weight", "signals[0].threshold", "signals[1].type", "min_total_events", "tag_filter" })
        {
            Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        }
    }
}
