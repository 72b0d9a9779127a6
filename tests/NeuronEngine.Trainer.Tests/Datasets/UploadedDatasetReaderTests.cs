using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Tests.Datasets;

public sealed class UploadedDatasetReaderTests
{
    private static string Line(string user, string item, string type, string timestamp) =>
        $"{{\"user_id\":\"{user}\",\"item_id\":\"{item}\",\"type\":\"{type}\",\"timestamp\":{timestamp}}}";

    private static Task<TrainEvalDataset> ReadAsync(string train, string eval) =>
        UploadedDatasetReader.ReadAsync(TestLog.Template(), new StringReader(train), new StringReader(eval)).WaitAsync(TestLog.Timeout);

    [Fact]
    public async Task ReadAsync_ValidFiles_WeightsDedupAndDrops()
    {
        var train = string.Join('\n',
            Line("u1", "i1", "click", "10"),
            Line("u1", "i1", "purchase", "\"1970-01-01T00:00:00.000020Z\""),
            "",
            Line("u2", "i2", "view", "30"));
        var eval = string.Join('\n', Line("u1", "i2", "click", "40"), Line("u2", "i9", "click", "50"), Line("u9", "i1", "click", "60"));

        var data = await ReadAsync(train, eval);

        Assert.Equal([("u1", "i1", 10f, 20L), ("u2", "i2", 2f, 30L)], TestLog.Rows(data, data.Train));
        Assert.Equal([("u1", "i2", 1f, 40L)], TestLog.Rows(data, data.Eval));
        var r = data.Report;
        Assert.Equal((1, 1L, 1L, 0L), (r.EvalOnlyItemsDropped, r.EvalOnlyInteractionsDropped, r.EvalUserWithoutTrainDropped, r.Overlap));
        Assert.Equal((2, 2, "upload", 6L), (r.Users, r.Items, r.Source, r.EventsRead));
        Assert.Matches("^[0-9a-f]{64}$", r.EvalSha256);
    }

    [Fact]
    public async Task ReadAsync_PairsInBoth_RefusesWithOverlapCount()
    {
        var train = string.Join('\n', Line("u1", "i1", "click", "1"), Line("u1", "i2", "click", "2"), Line("u2", "i1", "click", "3"));
        var eval = string.Join('\n', Line("u1", "i1", "purchase", "4"), Line("u2", "i1", "click", "5"), Line("u2", "i2", "click", "6"));

        var ex = await Assert.ThrowsAsync<NeuronException>(() => ReadAsync(train, eval));

        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
        Assert.Contains("share 2 (user, item) pair(s)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"user_id\":\"u1\",\"item_id\":\"i1\",\"type\":\"click\"", "train line 3: not valid JSON")]
    [InlineData("{\"user_id\":\"u1\",\"type\":\"click\",\"timestamp\":1}", "train line 3: \"item_id\" is missing")]
    [InlineData("{\"user_id\":\"\",\"item_id\":\"i1\",\"type\":\"click\",\"timestamp\":1}", "train line 3.user_id: must not be empty")]
    [InlineData("{\"user_id\":\"u1\",\"item_id\":\"i1\",\"type\":\"clik\",\"timestamp\":1}", "train line 3: type \"clik\" is not a signal")]
    [InlineData("{\"user_id\":\"u1\",\"item_id\":\"i1\",\"type\":\"click\",\"timestamp\":\"yesterday\"}", "train line 3.timestamp:")]
    [InlineData("[1,2]", "train line 3: must be a JSON object")]
    public async Task ReadAsync_BadLine_InvalidArgumentWithLineNumber(string bad, string expected)
    {
        var train = string.Join('\n', Line("u1", "i1", "click", "1"), Line("u1", "i2", "click", "2"), bad);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => ReadAsync(train, Line("u1", "i3", "click", "3")));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_BadEvalLine_NamesTheEvalFile()
    {
        var ex = await Assert.ThrowsAsync<NeuronException>(() => ReadAsync(Line("u1", "i1", "click", "1"), "\n{}"));

        Assert.StartsWith("eval line 2:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SameFilesTwice_SameHashes()
    {
        var train = string.Join('\n', Line("u1", "i1", "click", "1"), Line("u2", "i2", "click", "2"));
        var eval = Line("u1", "i2", "click", "3");

        var first = await ReadAsync(train, eval);
        var reordered = await ReadAsync(string.Join('\n', Line("u2", "i2", "click", "2"), Line("u1", "i1", "click", "1")), eval);

        // Interned in a different order, yet the canonical hash is the same.
        Assert.Equal(first.Report.TrainSha256, reordered.Report.TrainSha256);
        Assert.Equal(first.Report.EvalSha256, reordered.Report.EvalSha256);
    }
}
