using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace NeuronEngine.Testing;

/// <summary>A command run to its end (dotnet, a script), its output collected, for tests that build, pack or publish.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="Output">Standard output and error, interleaved as they came.</param>
public sealed record ToolRun(int ExitCode, string Output)
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="args"/> in <paramref name="directory"/>; kills it (and its
    /// children) and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>. One line with the exit code
    /// and the time goes to <paramref name="output"/>.
    /// </summary>
    /// <param name="environment">Variables to set for the command; a null value removes one.</param>
    public static async Task<ToolRun> RunAsync(
        string fileName, IEnumerable<string> args, string directory, TimeSpan timeout, ITestOutputHelper? output = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host runs under MSBuild's CLI, whose variables would point a child build at its own settings.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        using var process = new Process { StartInfo = info };
        var text = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(text, e.Data);
        process.ErrorDataReceived += (_, e) => Append(text, e.Data);
        var started = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}:\n{Text(text)}");
        }

        process.WaitForExit(); // drains the redirected output
        output?.WriteLine($"{Path.GetFileName(fileName)} {string.Join(' ', info.ArgumentList)}: exit {process.ExitCode} after {started.Elapsed.TotalSeconds:F1} s");
        return new ToolRun(process.ExitCode, Text(text));
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
