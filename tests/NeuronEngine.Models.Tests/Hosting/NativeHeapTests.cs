using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

public sealed class NativeHeapTests
{
    [Fact]
    public void LimitArenas_OnGlibcWithoutTheVariable_TakenByMallopt()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            Assert.False(NativeHeap.LimitArenas());
            return;
        }

        Assert.True(NativeHeap.LimitArenas());
    }
}
