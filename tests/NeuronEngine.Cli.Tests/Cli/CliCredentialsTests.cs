using System.Diagnostics;

namespace NeuronEngine.Cli.Tests.Cli;

public sealed class CliCredentialsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("neuron-cli-credentials-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ApiKey_OnlyTheEnvironment_TheKeyThenTheFile()
    {
        var file = Write("env.key", "nk_fromfile_x\n");

        Assert.Equal("nk_fromenv_x", Key([], ("NEURON_API_KEY", "nk_fromenv_x"), ("NEURON_API_KEY_FILE", file)));
        Assert.Equal("nk_fromfile_x", Key([], ("NEURON_API_KEY_FILE", file)));
        Assert.Null(Key([]));
    }

    [Fact]
    public void ApiKey_SwitchAndEnvironment_TheSwitchWins()
    {
        var file = Write("switch.key", "nk_switchfile_x\r\n");

        Assert.Equal("nk_switchfile_x", Key(["--api-key-file", file], ("NEURON_API_KEY", "nk_fromenv_x")));
        Assert.Equal("nk_inline_x", Key(["--api-key", "nk_inline_x"], ("NEURON_API_KEY_FILE", file)));
    }

    /// <summary>Help prints options' default values; the key in the environment must not be one of them.</summary>
    [Fact]
    public async Task Help_KeyInTheEnvironment_NotPrinted()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "neuron.dll"));
        info.ArgumentList.Add("--help");
        info.Environment["NEURON_API_KEY"] = "nk_0123456789abcdef_mustnotshow";
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains("--api-key-file", output, StringComparison.Ordinal);
        Assert.DoesNotContain("mustnotshow", output, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string? Key(string[] args, params (string Name, string Value)[] environment)
    {
        var globals = new GlobalOptions();
        var root = new System.CommandLine.RootCommand();
        globals.AddTo(root);
        return CliCredentials.ApiKey(root.Parse(args), globals, name => environment.FirstOrDefault(e => e.Name == name).Value);
    }
}
