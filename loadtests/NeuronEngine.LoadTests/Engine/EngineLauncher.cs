using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace NeuronEngine.LoadTests.Engine;

/// <summary>
/// A throwaway engine for one measurement: the repository's built <c>NeuronEngine.Server.dll</c> (this tool's build
/// configuration first, then the other) started with <c>dotnet</c> on 127.0.0.1 port 0 with its trainer sidecar, a
/// temp data directory and no metrics listener; its output goes to a log file. Disposing kills it (and the trainer)
/// and deletes the data directory.
/// </summary>
internal sealed partial class EngineLauncher : IAsyncDisposable
{
    private readonly Process process;
    private readonly string dataDir;
    private readonly StreamWriter log;
    private readonly TaskCompletionSource<int> port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool closed;

    private EngineLauncher(Process process, string dataDir, StreamWriter log)
    {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
    }

    public string Address { get; private set; } = "";

    public int ProcessId => process.Id;

    /// <summary>Starts the engine and waits (at most <paramref name="timeout"/>) until it listens.</summary>
    public static async Task<EngineLauncher> StartAsync(string? engineAssembly, string logPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var assembly = engineAssembly ?? FindEngineAssembly();
        var dataDir = Path.Combine(Path.GetTempPath(), $"neuron-quality-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[assembly, "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir, "--trainer", "sidecar", "--metrics-port", "0", "--console-port", "0"])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var engine = new EngineLauncher(new Process { StartInfo = info, EnableRaisingEvents = true }, dataDir, log);
        engine.process.OutputDataReceived += (_, e) => engine.OnLine(e.Data);
        engine.process.ErrorDataReceived += (_, e) => engine.OnLine(e.Data);
        engine.process.Start();
        engine.process.BeginOutputReadLine();
        engine.process.BeginErrorReadLine();
        var first = await Task.WhenAny(engine.port.Task, engine.process.WaitForExitAsync(cancellationToken)).WaitAsync(timeout, cancellationToken);
        if (first != engine.port.Task)
        {
            var code = engine.process.ExitCode;
            await engine.DisposeAsync();
            throw new InvalidOperationException($"the engine ({assembly}) exited with {code} before listening; its output is in {logPath}");
        }

        engine.Address = $"http://127.0.0.1:{await engine.port.Task}";
        return engine;
    }

    /// <summary>engine/NeuronEngine.Server/bin/{configuration}/net10.0/NeuronEngine.Server.dll above this tool's folder.</summary>
    public static string FindEngineAssembly()
    {
        var own = typeof(EngineLauncher).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "NeuronEngine.sln")))
            {
                continue;
            }

            foreach (var configuration in own == "Release" ? (string[])["Release", "Debug"] : ["Debug", "Release"])
            {
                var path = Path.Combine(dir.FullName, "engine", "NeuronEngine.Server", "bin", configuration, "net10.0", "NeuronEngine.Server.dll");
                if (File.Exists(path))
                {
                    return path;
                }
            }

            throw new InvalidOperationException($"the engine is not built under {dir.FullName}/engine/NeuronEngine.Server/bin: run `dotnet build engine/NeuronEngine.Server -c {own}` or pass --engine-dll");
        }

        throw new InvalidOperationException($"NeuronEngine.sln not found above {AppContext.BaseDirectory}: pass --engine-dll");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        finally
        {
            process.Dispose();
            lock (log)
            {
                closed = true;
                log.Dispose();
            }

            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (!closed)
            {
                log.WriteLine(line);
            }
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            port.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"listening on http://[^:,\s]+:(\d+)")]
    private static partial Regex ListeningLine();
}
