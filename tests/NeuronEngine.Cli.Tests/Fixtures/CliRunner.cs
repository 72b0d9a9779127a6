using System.Text.Json;

namespace NeuronEngine.Cli.Tests.Fixtures;

/// <summary>What one <c>neuron</c> invocation printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>stdout parsed as JSON (for <c>--output json</c> runs); fails the test with the output when it is not JSON.</summary>
    public JsonElement Json()
    {
        try
        {
            using var document = JsonDocument.Parse(Out);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not one JSON document ({ex.Message}):\n{Out}\nstderr:\n{Error}");
        }
    }

    /// <summary>Asserts exit code 0, showing both streams when it is not.</summary>
    public CliResult Ok()
    {
        Assert.True(ExitCode == ExitCodes.Ok, $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}");
        return this;
    }
}

/// <summary>Runs the CLI in-process with captured, colourless output.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(string[] args, TimeSpan? timeout = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await NeuronCli.RunAsync(args, CliConsole.Plain(output, error)).WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
