using NeuronEngine.Trainer.Measurement;
using NeuronEngine.Trainer.Tests.Runs;

namespace NeuronEngine.Trainer.Tests.Measurement;

[Collection(TrainingCollection.Name)]
public sealed class TrainingMeasurementTests
{
    [Fact]
    public async Task RunAsync_SmallSet_PrintsMetricsOfBothRecipes()
    {
        using var output = new StringWriter();

        var code = await TrainingMeasurement.RunAsync(
            ["measure", "--users", "150", "--items", "80", "--events", "3000", "--epochs", "1"], output, CancellationToken.None).WaitAsync(TrainingData.Timeout);

        var text = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains("recipe popularity:", text, StringComparison.Ordinal);
        Assert.Contains("recipe pooled-history:", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("result: ndcg@10 ").Length - 1);
    }

    [Fact]
    public async Task RunAsync_BadArgument_ReturnsTwoWithTheReason()
    {
        using var output = new StringWriter();

        var code = await TrainingMeasurement.RunAsync(["measure", "--users", "many"], output, CancellationToken.None).WaitAsync(TrainingData.Timeout);

        Assert.Equal(2, code);
        Assert.Contains("--users must be a positive integer", output.ToString(), StringComparison.Ordinal);
    }
}
