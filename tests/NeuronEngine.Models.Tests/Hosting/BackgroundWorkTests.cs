using System.Globalization;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

public sealed class BackgroundWorkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_Work_RunsOnItsOwnNamedThreadAndReturnsTheResult()
    {
        var caller = Environment.CurrentManagedThreadId;

        var (thread, name) = await BackgroundWork.RunAsync("test work", () => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name)).WaitAsync(Timeout);

        Assert.NotEqual(caller, thread);
        Assert.Equal("test work", name);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_TheTaskFaultsWithTheException()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => BackgroundWork.RunAsync<int>("failing", () => throw new InvalidDataException("broken")).WaitAsync(Timeout));

        Assert.Equal("broken", error.Message);
    }

    [Fact]
    public async Task RunAsync_OnLinux_TheThreadRunsAtIdlePriorityOrNiced()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var before = ReadOwnNice();

        var (policy, nice) = await BackgroundWork.RunAsync("idle", () => (ReadOwnStat(38), ReadOwnNice())).WaitAsync(Timeout);

        // SCHED_IDLE (5) where the kernel allows it; else niced, and a process already niced beyond it stays there.
        Assert.True(policy == 5 || nice == Math.Max(before, BackgroundWork.Niceness), $"policy {policy}, nice {nice}");
        Assert.Equal(0, ReadOwnStat(38));
    }

    // /proc/thread-self/stat: field 19 is the nice value; the command name (field 2) may hold spaces, so count from ')'.
    private static int ReadOwnNice() => ReadOwnStat(16);

    /// <summary>Field <paramref name="index"/> + 3 of the calling thread's stat line (16: nice, 38: scheduling policy).</summary>
    private static int ReadOwnStat(int index)
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[index], CultureInfo.InvariantCulture);
    }
}
