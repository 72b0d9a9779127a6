using System.CommandLine;
using System.Diagnostics;
using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Cli;

public sealed class GlobalOptionsTests
{
    [Fact]
    public void Endpoints_RepeatedAndCommaSeparated_EveryAddressInOrder() =>
        Assert.Equal(
            ["http://a:7070", "http://b:7070", "http://c:7070"],
            Endpoints("-e", "http://a:7070, http://b:7070,", "--endpoint", "http://c:7070"));

    [Fact]
    public void Endpoints_OneAddress_ThatAddress() =>
        Assert.Equal(["https://engine.example:7070"], Endpoints("--endpoint", "https://engine.example:7070"));

    [Fact]
    public async Task Run_BadAddressAmongSeveral_NamesTheSwitchAndTheAddress()
    {
        var result = await CliRunner.RunAsync(["event-types", "list", "-e", "http://127.0.0.1:1,engine:7070"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("neuron: --endpoint: must be an absolute http or https URI, not \"engine:7070\"", result.Error.Trim());
    }

    /// <summary>NEURON_ENDPOINT holds a list too (a process of its own: the environment is the process's).</summary>
    [Fact]
    public async Task Run_EnvironmentList_EachAddressChecked()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "neuron.dll"));
        info.ArgumentList.Add("event-types");
        info.ArgumentList.Add("list");
        info.Environment["NEURON_ENDPOINT"] = "http://127.0.0.1:1,http://127.0.0.1:1";
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.Usage, process.ExitCode);
        Assert.Contains("--endpoint: \"http://127.0.0.1:1\" is given twice", error, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Endpoints(params string[] args)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand();
        globals.AddTo(root);
        return globals.Endpoints(root.Parse(args));
    }
}
