using NeuronEngine.Trainer.Recipes.PooledHistory;

namespace NeuronEngine.Trainer.Tests.Recipes;

public sealed class PooledHistoryOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new PooledHistoryOptions().Validate());
    }

    [Fact]
    public void Validate_EveryRuleBroken_ReturnsEveryError()
    {
        var options = new PooledHistoryOptions
        {
            Dimensions = 0,
            HistoryLength = 0,
            Folds = 1,
            MinStepsPerEpoch = 0,
            InputDropout = 1,
            WeightDecay = -1,
            Threads = 0,
            Scoring = "fp16",
        };
        options.HiddenLayers.Add(0);

        var errors = options.Validate();

        Assert.Equal(9, errors.Count);
        Assert.Contains("Trainer:PooledHistory:Scoring must be auto, float32 or int8 (got \"fp16\")", errors);
        Assert.Contains("Trainer:PooledHistory:HiddenLayers:1 must be 1–4096, got 0", errors);
    }

    [Fact]
    public void ToJson_RecordsEveryOption()
    {
        var json = new PooledHistoryOptions().ToJson();

        Assert.Equal(64, (int)json["dimensions"]!);
        Assert.Equal(200, (int)json["history_length"]!);
        Assert.Equal(5, (int)json["folds"]!);
        Assert.Equal("auto", (string?)json["scoring"]);
        Assert.Equal(9, json.Count);
    }
}
