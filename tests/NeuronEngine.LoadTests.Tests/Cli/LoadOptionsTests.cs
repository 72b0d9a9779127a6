using NeuronEngine.LoadTests.Cli;

namespace NeuronEngine.LoadTests.Tests.Cli;

public sealed class LoadOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(new LoadOptions().Validate());

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var options = new LoadOptions { Scenario = "nope", Rate = -1, Connections = 0, Count = 0, TrackRatio = 2, Batch = 5000 };

        var errors = options.Validate();

        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("scenario:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--rate:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--connections:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--count:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--track-ratio:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--batch:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RateZero_OnlyForIngest()
    {
        Assert.NotEmpty(new LoadOptions { Scenario = "recommend", Rate = 0 }.Validate());
        var ingest = new LoadOptions { Scenario = "ingest", Rate = 0 };
        Assert.Empty(ingest.Validate());
        Assert.True(ingest.ClosedLoop);
    }

    [Fact]
    public void Profile_Options_PickTheLoadSimulation()
    {
        Assert.Equal("constant", new LoadOptions().Profile().Kind);
        Assert.Equal("ramp", new LoadOptions { RampTo = 500 }.Profile().Kind);
        var steps = new LoadOptions { Steps = [100, 200, 300], StepDuration = TimeSpan.FromSeconds(2), Warmup = TimeSpan.Zero }.Profile();
        Assert.Equal("steps", steps.Kind);
        Assert.Equal(TimeSpan.FromSeconds(6), steps.Total);
    }

    [Fact]
    public void Bind_TargetRepeatedAndCommaSeparated_EveryTargetInOrder()
    {
        var set = new LoadOptionSet();
        var command = new System.CommandLine.Command("recommend");
        set.AddTo(command);
        var errors = new List<string>();

        var options = set.Bind("recommend", command.Parse(["--target", "http://a:7070,http://b:7070", "--target", "http://c:7070"]), errors);

        Assert.Empty(errors);
        Assert.Equal(["http://a:7070", "http://b:7070", "http://c:7070"], options.Targets);
    }

    [Fact]
    public void Validate_BadTargetAmongSeveral_NamesIt() =>
        Assert.Equal(["--target: \"nope\" is not an absolute URL"], new LoadOptions { Targets = ["http://a:7070", "nope"] }.Validate());
}
