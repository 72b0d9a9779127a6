using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Security;
using NeuronEngine.Engine.Tls;
using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Engine.Training.Sidecar;

/// <summary>
/// Runs the trainer as a child process once the engine listens: restarts it with back-off when it exits, and stops it
/// with the engine. The trainer leases runs over gRPC like an external one would; it learns the engine's address and
/// token file from its command line.
/// </summary>
/// <remarks>
/// The child's stdin is a pipe it watches (<c>--stdin-lifetime</c>): the engine closes it to ask the trainer to stop,
/// and the kernel closes it when the engine dies, even by SIGKILL, so no trainer outlives its engine.
/// </remarks>
internal sealed partial class TrainerSidecar(
    IOptions<TrainerSidecarOptions> options,
    TlsCredentials tls,
    IOptions<EngineOptions> engine,
    IListenAddresses listening,
    KeyAuthenticator keys,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<TrainerSidecar> logger,
    Cluster.Training.TrainerLeadership? leadership = null) : BackgroundService
{
    /// <summary>The environment variable the trainer reads its API key from (never the command line: <c>ps</c> shows that).</summary>
    public const string ApiKeyVariable = "NEURON_API_KEY";

    private readonly TrainerSidecarOptions options = options.Value;

    // An operator key that lives as long as this engine process, for the trainer it starts: trainers lease runs of
    // every tenant. Made once; every restart of the trainer gets the same one.
    private readonly Lazy<string> apiKey = new(() => keys.AddEphemeral("trainer-sidecar", TenantId.Default, Roles.Operator));

    /// <summary>Times the trainer was started (for tests and operations).</summary>
    public int Starts { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.IsSidecar)
        {
            Log.NotStarting(logger, options.Mode);
            return;
        }

        if (TrainerCommand.Locate(options.Path, out var lookedAt) is not { } command)
        {
            Log.NotFound(logger, string.Join(", ", lookedAt));
            return;
        }

        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var address = EngineAddress();
        if (leadership is null)
        {
            await RunTrainerAsync(command, address, stoppingToken);
            return;
        }

        // Cluster mode: one sidecar per cluster, on the replica holding the trainer lock.
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var held = await leadership.AcquireAsync(stoppingToken);
                await RunTrainerAsync(command, address, held);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await leadership.ReleaseAsync();
        }
    }

    /// <summary>
    /// Runs the trainer, restarting it with back-off, until <paramref name="stoppingToken"/> fires; a trainer that refused
    /// its configuration is tried again after <see cref="TrainerSidecarOptions.RefusedRetryDelay"/>.
    /// </summary>
    private async Task RunTrainerAsync(TrainerCommand command, string address, CancellationToken stoppingToken)
    {
        var delay = options.RestartDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var startedAt = time.GetTimestamp();
            bool refused;
            using (var process = Start(command, address))
            {
                Starts++;
                Log.Started(logger, process.Id, command.Source, address);
                try
                {
                    await process.WaitForExitAsync(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    await StopAsync(process);
                    return;
                }

                refused = process.ExitCode == TrainerExitCodes.RefusedConfiguration;
                if (refused)
                {
                    Log.Refused(logger, process.ExitCode, options.RefusedRetryDelay.TotalMinutes);
                }
                else
                {
                    Log.Exited(logger, process.ExitCode, delay.TotalSeconds);
                }
            }

            delay = refused ? options.RefusedRetryDelay
                : time.GetElapsedTime(startedAt) >= options.StableAfter ? options.RestartDelay : delay;
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRestartDelay.Ticks));
        }
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // The engine may listen on every interface; the trainer next to it always comes in over loopback.
    private string EngineAddress()
    {
        var bound = listening.Addresses.FirstOrDefault();
        var port = bound is null ? engine.Value.Port : new Uri(bound).Port;
        var host = engine.Value.Host switch
        {
            "0.0.0.0" or "localhost" => "127.0.0.1",
            "::" => "[::1]",
            var h when h.Contains(':', StringComparison.Ordinal) => $"[{h}]",
            var h => h,
        };
        return string.Create(CultureInfo.InvariantCulture, $"{SidecarTls.Scheme(tls)}://{host}:{port}");
    }

    private Process Start(TrainerCommand command, string address)
    {
        var dataDir = Path.GetFullPath(engine.Value.DataDir);
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Prefix)
        {
            info.ArgumentList.Add(arg);
        }

        string[] args = ["--engine", address, "--data-dir", dataDir, "--trainer-id", $"sidecar-{Environment.ProcessId}", "--device", options.Device, "--stdin-lifetime"];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[ApiKeyVariable] = apiKey.Value;
        if (options.Threads > 0)
        {
            info.ArgumentList.Add("--threads");
            info.ArgumentList.Add(options.Threads.ToString(CultureInfo.InvariantCulture));
        }

        SidecarTls.Apply(tls, info);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Forward(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Log.Output(logger, line);
        }
    }

    private async Task StopAsync(Process process)
    {
        try
        {
            process.StandardInput.Close();
            using var wait = new CancellationTokenSource(options.StopTimeout);
            await process.WaitForExitAsync(wait.Token);
            Log.Stopped(logger, process.ExitCode);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            Log.Killed(logger, options.StopTimeout.TotalSeconds);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "TrainerNotStarted", Level = LogLevel.Information, Message = "Trainer mode {Mode}: the engine does not start a trainer; queued runs wait for one to lease them")]
        public static partial void NotStarting(ILogger logger, string mode);

        [LoggerMessage(EventId = 2, EventName = "TrainerNotFound", Level = LogLevel.Error, Message = "The trainer sidecar was not found (looked at {Paths}); runs stay queued until a trainer leases them. Build it, set Trainer:Path, or run with --trainer external|off")]
        public static partial void NotFound(ILogger logger, string paths);

        [LoggerMessage(EventId = 3, EventName = "TrainerStarted", Level = LogLevel.Information, Message = "Trainer sidecar started (pid {Pid}, from {Source}), leasing from {Address}")]
        public static partial void Started(ILogger logger, int pid, string source, string address);

        [LoggerMessage(EventId = 4, EventName = "TrainerExited", Level = LogLevel.Warning, Message = "Trainer sidecar exited with code {ExitCode}; restarting in {DelaySeconds} s")]
        public static partial void Exited(ILogger logger, int exitCode, double delaySeconds);

        [LoggerMessage(EventId = 5, EventName = "TrainerOutput", Level = LogLevel.Information, Message = "trainer: {Line}")]
        public static partial void Output(ILogger logger, string line);

        [LoggerMessage(EventId = 6, EventName = "TrainerStopped", Level = LogLevel.Information, Message = "Trainer sidecar stopped (exit code {ExitCode})")]
        public static partial void Stopped(ILogger logger, int exitCode);

        [LoggerMessage(EventId = 7, EventName = "TrainerKilled", Level = LogLevel.Warning, Message = "Trainer sidecar did not stop within {Seconds} s; killed")]
        public static partial void Killed(ILogger logger, double seconds);

        [LoggerMessage(EventId = 8, EventName = "TrainerRefusedConfiguration", Level = LogLevel.Error, Message = "Trainer sidecar refused its configuration (exit code {ExitCode}; its reason is the line above), so runs stay queued; trying again in {Minutes} min (Trainer:RefusedRetryDelay). Fix the Trainer:* setting it names (Trainer:Device for a CUDA device it cannot use), or restart the engine once the cause has passed")]
        public static partial void Refused(ILogger logger, int exitCode, double minutes);
    }
}
