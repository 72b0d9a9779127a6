namespace NeuronEngine.Core.Tests;

public sealed class TrainingDeviceTests
{
    [Theory]
    [InlineData("auto", "auto")]
    [InlineData("AUTO", "auto")]
    [InlineData("cpu", "cpu")]
    [InlineData("cuda", "cuda:0")]
    [InlineData("cuda:0", "cuda:0")]
    [InlineData("Cuda:3", "cuda:3")]
    [InlineData(" cpu ", "cpu")]
    public void TryParse_KnownForms_ReadBackAsTheirCanonicalName(string text, string canonical)
    {
        Assert.True(TrainingDevice.TryParse(text, out var device));
        Assert.Equal(canonical, device.ToString());
        Assert.True(TrainingDevice.TryParse(device.ToString(), out var again));
        Assert.Equal(device, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:+1")]
    [InlineData("cuda:1024")]
    [InlineData("cuda:0,1")]
    [InlineData("mps")]
    public void TryParse_AnythingElse_Refused(string? text) => Assert.False(TrainingDevice.TryParse(text, out _));

    [Fact]
    public void TryParse_Kinds_SayWhatWasAskedFor()
    {
        Assert.True(TrainingDevice.TryParse("auto", out var auto));
        Assert.True(TrainingDevice.TryParse("cpu", out var cpu));
        Assert.True(TrainingDevice.TryParse("cuda:2", out var cuda));

        Assert.True(auto.IsAuto);
        Assert.Null(auto.CudaIndex);
        Assert.False(cpu.IsAuto);
        Assert.Null(cpu.CudaIndex);
        Assert.Equal(2, cuda.CudaIndex);
    }

    [Fact]
    public void Validate_BadValue_NamesTheKeyTheRuleAndTheValue()
    {
        Assert.Null(TrainingDevice.Validate("Trainer:Device", "cuda:1"));
        Assert.Equal("Trainer:Device must be auto, cpu, cuda or cuda:N (got \"gpu\")", TrainingDevice.Validate("Trainer:Device", "gpu"));
    }
}
