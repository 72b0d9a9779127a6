using NeuronEngine.ElfPatch;

namespace NeuronEngine.Trainer.Tests;

public sealed class PatchReportTests
{
    private static readonly VersionNeed Marker = new("libstdc++.so.6", "GLIBCXX_3.4.32", 18, 0, 0);

    [Fact]
    public void Describe_Weakened_SaysWhatWasMarked()
    {
        var report = new PatchReport();
        report.Weakened.Add(Marker);

        Assert.Equal(
            "lib.so: marked GLIBCXX_3.4.32 (libstdc++.so.6) weak: this host lacks it and no relocation uses it",
            report.Describe("lib.so"));
    }

    [Fact]
    public void Describe_AlreadyWeak_SaysNothingToDo()
    {
        var report = new PatchReport();
        report.AlreadyWeak.Add(Marker);

        Assert.Equal("lib.so: nothing to do: GLIBCXX_3.4.32 (libstdc++.so.6) already weak", report.Describe("lib.so"));
    }

    [Fact]
    public void Describe_Blocked_SaysItCannotFixAndFails()
    {
        var report = new PatchReport();
        report.Blocked.Add(Marker);
        report.UnknownLibraries.Add("libfoo.so.1");

        Assert.True(report.Failed);
        Assert.StartsWith("lib.so: cannot fix: GLIBCXX_3.4.32 (libstdc++.so.6)", report.Describe("lib.so"), StringComparison.Ordinal);
        Assert.EndsWith("(not checked, not found on this host: libfoo.so.1)", report.Describe("lib.so"), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Empty_SaysHostProvidesEverything()
    {
        Assert.Equal("lib.so: nothing to do: this host provides every version it needs", new PatchReport().Describe("lib.so"));
    }
}
