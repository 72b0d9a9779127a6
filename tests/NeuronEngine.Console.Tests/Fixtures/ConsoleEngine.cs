using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using NeuronEngine.Client;
using NeuronEngine.Testing;

namespace NeuronEngine.Console.Tests.Fixtures;

/// <summary>
/// One real engine process for the whole test collection, with <c>--auth required</c> (so signing in means something),
/// its web console on a free port and no trainer (runs stay Queued), plus one headless Debian chromium driven by
/// Playwright. Tests isolate themselves by tenant (<see cref="NewTenant"/>) and open a browser context each.
/// </summary>
public sealed class ConsoleEngine : IAsyncLifetime
{
    private readonly TempDirectory data = new("console");
    private EngineProcess? engine;
    private IPlaywright? playwright;

    /// <summary>The console's port.</summary>
    public int ConsolePort { get; } = FreePort();

    /// <summary><c>http://127.0.0.1:port</c> of the console.</summary>
    public string ConsoleUrl => $"http://127.0.0.1:{ConsolePort}";

    /// <summary>The engine's gRPC address.</summary>
    public string GrpcAddress => Engine.Address;

    public EngineProcess Engine => engine ?? throw new InvalidOperationException("the engine has not started");

    /// <summary>The browser every test opens its own context in.</summary>
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The bootstrap operator key's secret (the engine wrote it to its data directory at first start).</summary>
    public string OperatorKey { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        engine = await EngineProcess.StartAsync(data.Path, null,
            "--auth", "required", "--console-port", ConsolePort.ToString(CultureInfo.InvariantCulture));
        OperatorKey = await ReadOperatorKeyAsync(data.Combine("operator.key"));
        (playwright, Browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        data.Dispose();
    }

    /// <summary>A tenant no other test uses.</summary>
    public static string NewTenant(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    /// <summary>An SDK client with the operator key acting in <paramref name="tenant"/>.</summary>
    public NeuronClient OperatorClient(string tenant) =>
        new(new NeuronClientOptions { Endpoint = GrpcAddress, ApiKey = OperatorKey, Tenant = tenant });

    /// <summary>Makes a key of <paramref name="tenant"/> with <paramref name="roles"/> through the API; returns its id and secret.</summary>
    public async Task<(string KeyId, string Secret)> CreateKeyAsync(string tenant, string name, params string[] roles)
    {
        using var client = OperatorClient(tenant);
        var created = await client.Keys.CreateAsync(name, roles, tenant).WaitAsync(TimeSpan.FromSeconds(30));
        return (created.Key.KeyId, created.Secret);
    }

    /// <summary>A fresh browser context (its own cookies) at <paramref name="width"/> × <paramref name="height"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ConsoleUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        // Generous: CI runs the test projects side by side on two cores, and a sign-in's navigation once took over 15 s
        // there while the publish test was building. A wait that ends early costs nothing.
        context.SetDefaultTimeout(45_000);
        return context;
    }

    /// <summary>The Origin a browser sends with a form posted from <paramref name="page"/> (the console refuses a POST without one).</summary>
    public static Dictionary<string, string> SameOrigin(IPage page) =>
        new() { ["Origin"] = new Uri(page.Url).GetLeftPart(UriPartial.Authority) };

    /// <summary>Opens the sign-in page in <paramref name="context"/>, signs in with <paramref name="secret"/> and waits for the Events page.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string secret)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/signin");
        await page.GetByLabel("API key").FillAsync(secret);

        // What the browser still waits for, should the Events page not show.
        var open = new System.Collections.Concurrent.ConcurrentDictionary<IRequest, DateTime>();
        void Started(object? sender, IRequest request) => open[request] = DateTime.UtcNow;
        void Ended(object? sender, IRequest request) => open.TryRemove(request, out DateTime _);
        page.Request += Started;
        page.RequestFinished += Ended;
        page.RequestFailed += Ended;
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            // The Events page: its address, its heading, and the document loaded as the page itself says
            // (document.readyState, polled in the page). Not Playwright's load event: waiting for it after this form's
            // redirect timed out twice in CI runs of the whole suite (at 15 s and at 45 s), never in 150 sign-ins in a row
            // here; the cause is not established. Asked of the page, a load that truly never ends still fails here.
            await page.WaitForURLAsync("**/console/events", new() { WaitUntil = WaitUntilState.Commit });
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Events", Level = 1 })).ToBeVisibleAsync(new() { Timeout = 45_000 });
            await page.WaitForFunctionAsync(
                "() => location.pathname === '/console/events' && document.readyState === 'complete'", null, new() { PollingInterval = 100 });
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            var waiting = string.Join("; ", open.Select(r => $"{r.Key.Method} {r.Key.Url} ({r.Key.ResourceType}, since {r.Value:HH:mm:ss.fff})"));
            throw new TimeoutException($"the sign-in did not show the Events page (now at {page.Url}); requests still open: [{waiting}]", ex);
        }
        finally
        {
            page.Request -= Started;
            page.RequestFinished -= Ended;
            page.RequestFailed -= Ended;
        }

        return page;
    }

    /// <summary>A port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<string> ReadOperatorKeyAsync(string path)
    {
        for (var i = 0; i < 100 && !File.Exists(path); i++)
        {
            await Task.Delay(100);
        }

        return (await File.ReadAllTextAsync(path)).Trim();
    }
}
