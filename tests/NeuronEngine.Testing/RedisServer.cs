using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NeuronEngine.Testing;

/// <summary>
/// A real <c>redis-server</c> child process on a free loopback port with its own temp directory, for tests of the
/// cluster mode (Debian: <c>apt-get install redis-server</c>; <c>.ci/run</c> installs it).
/// </summary>
/// <remarks>
/// <see cref="Shared"/> is one server per test process for the store tests, which keep apart by key prefix; tests that
/// kill or restart Redis start their own.
/// </remarks>
public sealed class RedisServer : IDisposable
{
    private static readonly Lazy<RedisServer> SharedServer = new(() =>
    {
        var server = Start(appendOnly: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    private readonly TempDirectory directory = new("redis");
    private readonly bool appendOnly;
    private readonly string appendFsync;
    private Process? process;

    private RedisServer(int port, bool appendOnly, string appendFsync)
    {
        Port = port;
        this.appendOnly = appendOnly;
        this.appendFsync = appendFsync;
    }

    /// <summary>One server for the whole test process (no persistence), started on first use.</summary>
    public static RedisServer Shared => SharedServer.Value;

    public int Port { get; private set; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>Where the server keeps its AOF and RDB files.</summary>
    public string DataDirectory => directory.Path;

    public int ProcessId => process?.Id ?? 0;

    /// <summary>Starts a server and waits until it answers PING.</summary>
    /// <param name="appendOnly">AOF on (the cluster mode's durable setting).</param>
    /// <param name="appendFsync"><c>always</c>, <c>everysec</c> or <c>no</c>.</param>
    public static RedisServer Start(bool appendOnly = true, string appendFsync = "always")
    {
        var server = new RedisServer(FreePort(), appendOnly, appendFsync);
        server.Launch();
        return server;
    }

    /// <summary>SIGKILL: the server dies without writing anything more; what its AOF holds is what a restart finds.</summary>
    public void Kill()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill();
            running.WaitForExit();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>Starts the server again on the same port and directory (after <see cref="Kill"/>).</summary>
    public void Restart()
    {
        Kill();
        Launch();
    }

    public void Dispose()
    {
        Kill();
        directory.Dispose();
    }

    private void Launch()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.Path,
        };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", directory.Path, "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", appendFsync,
            "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed (Debian: apt-get install -y redis-server)", ex);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilAnswering();
    }

    private void WaitUntilAnswering()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"redis-server exited with {exited.ExitCode} on port {Port}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[64];
                var read = stream.Read(buffer);
                if (read > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException($"redis-server did not answer on port {Port} within 30 s");
    }

    /// <summary>A port the OS just handed out and released; Redis binds it next.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
