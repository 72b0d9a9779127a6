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
    public async Task RunAsync_OnLinux_TheThreadRunsNiced()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var before = ReadOwnNice();

        var nice = await BackgroundWork.RunAsync("niced", ReadOwnNice).WaitAsync(Timeout);

        // A process already niced beyond it stays where it is (raising priority needs privileges).
        Assert.Equal(Math.Max(before, BackgroundWork.Niceness), nice);
    }

    // /proc/thread-self/stat: field 19 is the nice value; the command name (field 2) may hold spaces, so count from ')'.
    private static int ReadOwnNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
