using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace NeuronEngine.Testing;

/// <summary>
/// The real engine as a child process on a loopback port, for tests that kill it or signal it.
/// Its output goes to the test's output.
/// </summary>
public sealed partial class EngineProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource<(string Scheme, int Port)> port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITestOutputHelper? output;
    private readonly List<string> lines = [];

    private EngineProcess(Process process, ITestOutputHelper? output)
    {
        this.process = process;
        this.output = output;
    }

    /// <summary>The bound port, once started.</summary>
    public int Port { get; private set; }

    /// <summary><c>https</c> when the engine serves TLS, else <c>http</c>.</summary>
    public string Scheme { get; private set; } = "http";

    public string Address => $"{Scheme}://127.0.0.1:{Port}";

    public int Id => process.Id;

    /// <summary>Everything the process printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    /// <summary>Starts the engine on <paramref name="dataDir"/> and waits until it listens.</summary>
    public static Task<EngineProcess> StartAsync(string dataDir, ITestOutputHelper? output, params string[] extraArgs) =>
        StartAsync(Built(), dataDir, output, extraArgs);

    /// <summary>
    /// Starts a published engine, <c>dotnet &lt;folder&gt;/NeuronEngine.Server.dll</c> as the service files run it, in
    /// <paramref name="workingDirectory"/>, on <paramref name="dataDir"/>, and waits until it listens.
    /// </summary>
    public static Task<EngineProcess> StartPublishedAsync(string folder, string workingDirectory, string dataDir, ITestOutputHelper? output, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        info.ArgumentList.Add(Path.Combine(folder, "NeuronEngine.Server.dll"));
        return StartAsync(info, dataDir, output, extraArgs);
    }

    /// <summary>Starts the engine without waiting for it to listen (for tests of start-up failures).</summary>
    public static EngineProcess Launch(string dataDir, ITestOutputHelper? output, params string[] extraArgs) =>
        Launch(Built(), dataDir, output, extraArgs);

    private static async Task<EngineProcess> StartAsync(ProcessStartInfo info, string dataDir, ITestOutputHelper? output, string[] extraArgs)
    {
        var engine = Launch(info, dataDir, output, extraArgs);
        var started = await Task.WhenAny(engine.port.Task, engine.process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        if (started != engine.port.Task)
        {
            throw new InvalidOperationException($"engine exited with {engine.process.ExitCode} before listening:\n{string.Join('\n', engine.Lines)}");
        }

        (engine.Scheme, engine.Port) = await engine.port.Task;
        return engine;
    }

    /// <summary>The repository's build of the engine, run by <c>dotnet</c>.</summary>
    private static ProcessStartInfo Built()
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(RepositoryPaths.ProjectAssembly("engine/NeuronEngine.Server"));
        return info;
    }

    private static EngineProcess Launch(ProcessStartInfo info, string dataDir, ITestOutputHelper? output, string[] extraArgs)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        // Engines in tests run without a trainer unless the test asks for one (--trainer sidecar).
        string[] trainer = extraArgs.Contains("--trainer") ? [] : ["--trainer", "off"];
        // Nor a metrics listener (the executable's default port 9464 would collide between engines) unless asked for.
        string[] metrics = extraArgs.Contains("--metrics-port") ? [] : ["--metrics-port", "0"];
        // Nor a web console (its default port 7080 would collide the same way) unless asked for.
        string[] console = extraArgs.Contains("--console-port") ? [] : ["--console-port", "0"];
        foreach (var arg in (string[])["--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir, .. trainer, .. metrics, .. console, .. extraArgs])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var engine = new EngineProcess(process, output);
        process.OutputDataReceived += (_, e) => engine.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => engine.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return engine;
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync().WaitAsync(timeout);
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no chance to flush or checkpoint. By default its children (a trainer sidecar) die with it.</summary>
    public void Kill(bool entireProcessTree = true) => process.Kill(entireProcessTree);

    /// <summary>SIGTERM: the graceful shutdown path.</summary>
    public void Terminate()
    {
        if (SysKill(process.Id, 15) != 0)
        {
            throw new InvalidOperationException("kill(SIGTERM) failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        try
        {
            output?.WriteLine($"[engine {process.Id}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; its output helper no longer accepts lines.
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            port.TrySetResult((match.Groups[1].Value, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [GeneratedRegex(@"listening on (https?)://[^:,\s]+:(\d+)")]
    private static partial Regex ListeningLine();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
