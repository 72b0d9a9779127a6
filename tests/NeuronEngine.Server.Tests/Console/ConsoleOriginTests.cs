using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.Server.Tests.Console;

/// <summary>
/// DNS rebinding in <c>--auth loopback</c>: a browser reaching the console under another site's name is not the operator,
/// and a form posted from another origin is refused before it changes anything.
/// </summary>
public sealed partial class ConsoleOriginTests : IAsyncLifetime
{
    private readonly TempDirectory data = new("console-origin");
    private readonly int port = FreePort();
    private WebApplication? app;
    private string grpc = string.Empty;

    public async Task InitializeAsync()
    {
        app = await StartAsync(data.Path, port, "--Console:AllowedHosts", "console.internal");
        grpc = EngineHost.GetAddresses(app).First(a => !a.EndsWith($":{port}", StringComparison.Ordinal));
    }

    /// <summary>An engine in <c>--auth loopback</c> with its console on <paramref name="consolePort"/>.</summary>
    private static async Task<WebApplication> StartAsync(string dataDir, int consolePort, params string[] extra)
    {
        var engine = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir, "--trainer", "off", "--auth", "loopback",
                "--console-port", consolePort.ToString(CultureInfo.InvariantCulture), .. extra],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await engine.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return engine;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await app.DisposeAsync();
        }

        data.Dispose();
    }

    [Theory]
    [InlineData("rebind.example", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost", true)]
    [InlineData("[::1]", true)]
    [InlineData("console.internal", true)]
    [InlineData("127.0.0.1.rebind.example", false)]
    public async Task LoopbackMode_OperatorOnlyUnderALoopbackOrAllowedHostName(string host, bool operatorExpected)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/console/events"));
        request.Headers.Host = $"{host}:{port}";

        using var answer = await http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));

        if (operatorExpected)
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("operator@loopback", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
            Assert.StartsWith("/console/signin", answer.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Origin", "http://rebind.example:{port}")]
    [InlineData("Origin", "http://127.0.0.1:1")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Referer", "http://rebind.example/attack")]
    [InlineData(null, null)]
    public async Task Post_FromAnotherOrigin_IsRefused_AndChangesNothing(string? header, string? value)
    {
        using var http = Client();
        var token = await TokenAsync(http);

        using var refused = await AddTypeAsync(http, token, "foreign", header, value?.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("foreign", await TypesAsync(), StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("Origin", "http://127.0.0.1:{port}")]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("Referer", "http://127.0.0.1:{port}/console/events")]
    public async Task Post_FromTheConsolesOwnOrigin_IsServed(string header, string value)
    {
        using var http = Client();
        var token = await TokenAsync(http);
        var type = "own_" + header.ToLowerInvariant().Replace('-', '_');

        using var served = await AddTypeAsync(http, token, type, header, value.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.True((int)served.StatusCode is >= 200 and < 400, $"got {(int)served.StatusCode}");
        Assert.Contains(type, await TypesAsync(), StringComparer.Ordinal);
    }

    /// <summary>Url-encoded, as the pages post, and multipart, as a browser may (the live forms once did).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Form_RenderedForATenantSwitchedAwayFrom_IsRefusedWithConflict_AndChangesNothing(bool multipart)
    {
        using var http = Client();
        var page = await http.GetStringAsync(new Uri("/console/events", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(30));
        var token = TokenField().Match(page).Groups[1].Value;
        Assert.Matches("name=\"tenant\" value=\"default\"", page);

        // Another tab switches the session to tenant "elsewhere".
        using var switched = await PostAsync(http, "switch-tenant", token, new() { ["Switch.Tenant"] = "elsewhere" });
        Assert.True((int)switched.StatusCode is >= 300 and < 400, $"got {(int)switched.StatusCode}");

        // This tab's form was rendered for "default".
        using var refused = await PostAsync(http, "add-type", token, multipart, new() { ["Add.Type"] = "stale_tab", ["Add.Name"] = "Stale", ["Add.Weight"] = "5", ["tenant"] = "default" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("was for tenant 'default'; you switched to 'elsewhere'", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A form that does not say its tenant is refused too.
        using var unnamed = await PostAsync(http, "add-type", token, multipart, new() { ["Add.Type"] = "no_tenant", ["Add.Name"] = "None", ["Add.Weight"] = "5" });
        Assert.Equal(HttpStatusCode.Conflict, unnamed.StatusCode);

        Assert.Empty((await TypesAsync("elsewhere")).Intersect(["stale_tab", "no_tenant"]));
        Assert.Empty((await TypesAsync("default")).Intersect(["stale_tab", "no_tenant"]));

        // A form rendered for the session's tenant goes through.
        using var served = await PostAsync(http, "add-type", token, multipart, new() { ["Add.Type"] = "fresh_tab", ["Add.Name"] = "Fresh", ["Add.Weight"] = "5", ["tenant"] = "elsewhere" });
        Assert.True((int)served.StatusCode is >= 300 and < 400, $"got {(int)served.StatusCode}");
        Assert.Contains("fresh_tab", await TypesAsync("elsewhere"), StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("/console/events?page=abc&tpage=-1")]
    [InlineData("/console/keys?page=99999999999")]
    [InlineData("/console/datasets?page=")]
    [InlineData("/console/runs?page=1e3")]
    [InlineData("/console/models?hpage=x")]
    public async Task Page_WithAPageNumberThatIsNotOne_ShowsTheFirstPage(string url)
    {
        using var http = Client();

        using var answer = await http.GetAsync(new Uri(url, UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task BehindAProxy_FormsFromThePublicOrigin_Served_SessionCookieSecure_AndAForwardedBrowserIsNotTheOperator()
    {
        using var proxied = new TempDirectory("console-proxy");
        var proxiedPort = FreePort();
        await using var engine = await StartAsync(proxied.Path, proxiedPort, "--Console:PublicOrigin", "https://console.example:8443");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{proxiedPort}") };
        using var page = await http.GetAsync(new Uri("/console/events", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(30));
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie")).Split(';')[0];
        var token = TokenField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;

        Task<HttpResponseMessage> Post(string handler, string origin, Dictionary<string, string> fields)
        {
            fields["_handler"] = handler;
            fields["__RequestVerificationToken"] = token;
            var request = new HttpRequestMessage(HttpMethod.Post, "/console/events") { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Cookie", antiforgery);
            return http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        }

        // Forms come from the public origin; another port of that host is another origin.
        using var other = await Post("add-type", "https://console.example:9443", new() { ["Add.Type"] = "other_port", ["Add.Name"] = "x", ["Add.Weight"] = "5", ["tenant"] = "default" });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);

        // The public origin is https: the session cookie (made here by switching tenant) is Secure on this plain-HTTP hop.
        using var switched = await Post("switch-tenant", "https://console.example:8443", new() { ["Switch.Tenant"] = "elsewhere" });
        Assert.True((int)switched.StatusCode is >= 300 and < 400, $"got {(int)switched.StatusCode}");
        var session = Assert.Single(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith("neuron-console=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);

        // A proxy on this machine forwarding a browser from elsewhere: loopback and a loopback Host, yet not the operator.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/console/events");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var answer = await http.SendAsync(forwarded).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.StartsWith("/console/signin", answer.Headers.Location?.OriginalString, StringComparison.Ordinal);

        await engine.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Form_LargerThanTheFormLimit_IsRefused_AndChangesNothing()
    {
        using var http = Client();
        var token = await TokenAsync(http);

        using var refused = await PostAsync(http, "add-type", token, new()
        {
            ["Add.Type"] = "oversized", ["Add.Name"] = "Oversized", ["Add.Weight"] = "5", ["tenant"] = "default",
            ["Add.Padding"] = new string('x', (int)NeuronEngine.Server.Console.ConsoleGate.MaxFormBytes),
        });

        // Anti-forgery reads the form first and reports the over-long body as an invalid form (400); Kestrel's own answer is 413.
        Assert.True(refused.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"got {(int)refused.StatusCode}");
        Assert.DoesNotContain("oversized", await TypesAsync(), StringComparer.Ordinal);
    }

    [Fact]
    public async Task DatasetUpload_RenderedForATenantSwitchedAwayFrom_IsRefusedWithConflict_BeforeTheFileIsRead()
    {
        using var http = Client();
        var page = await http.GetStringAsync(new Uri("/console/datasets", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(30));
        var token = TokenField().Match(page).Groups[1].Value;
        Assert.Matches("name=\"tenant\" value=\"default\"", page);
        using var switched = await PostAsync(http, "switch-tenant", token, new() { ["Switch.Tenant"] = "elsewhere" });
        Assert.True((int)switched.StatusCode is >= 300 and < 400, $"got {(int)switched.StatusCode}");

        using var refused = await UploadAsync(http, token, tenant: "default", "stale-upload");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("was for tenant 'default'; you switched to 'elsewhere'", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unnamed = await UploadAsync(http, token, tenant: null, "unnamed-upload");
        Assert.Equal(HttpStatusCode.Conflict, unnamed.StatusCode);

        using var served = await UploadAsync(http, token, tenant: "elsewhere", "fresh-upload");
        Assert.True((int)served.StatusCode is >= 300 and < 400, $"got {(int)served.StatusCode}: {await served.Content.ReadAsStringAsync()}");
        using var clients = new EngineClients(grpc);
        foreach (var tenant in new[] { "default", "elsewhere" })
        {
            var datasets = await clients.Training.ListDatasetsAsync(new Contracts.V1.ListDatasetsRequest(), new Grpc.Core.Metadata { { "x-tenant", tenant } }, DateTime.UtcNow.AddSeconds(20));
            Assert.Equal(tenant == "elsewhere" ? ["fresh-upload"] : [], datasets.Datasets.Select(d => d.DatasetId));
        }
    }

    private Task<HttpResponseMessage> UploadAsync(HttpClient http, string token, string? tenant, string datasetId)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (tenant is not null)
        {
            form.Add(new StringContent(tenant), "tenant");
        }

        form.Add(new StringContent(datasetId), NeuronEngine.Server.Console.Api.DatasetUpload.IdField);
        var file = new StringContent("{\"user_id\":\"u1\",\"item_id\":\"i1\",\"type\":\"click\",\"timestamp\":1718000000}\n");
        form.Add(file, NeuronEngine.Server.Console.Api.DatasetUpload.FileField, "events.jsonl");
        var request = new HttpRequestMessage(HttpMethod.Post, NeuronEngine.Server.Console.Api.DatasetUpload.Path) { Content = form };
        request.Headers.Add("Origin", $"http://127.0.0.1:{port}");
        return http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private Task<HttpResponseMessage> PostAsync(HttpClient http, string handler, string token, Dictionary<string, string> fields) =>
        PostAsync(http, handler, token, multipart: false, fields);

    private Task<HttpResponseMessage> PostAsync(HttpClient http, string handler, string token, bool multipart, Dictionary<string, string> fields)
    {
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = token;
        HttpContent content = new FormUrlEncodedContent(fields);
        if (multipart)
        {
            var parts = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
            {
                parts.Add(new StringContent(value), name);
            }

            content = parts;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/console/events") { Content = content };
        request.Headers.Add("Origin", $"http://127.0.0.1:{port}");
        return http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
    };

    private static async Task<string> TokenAsync(HttpClient http)
    {
        var page = await http.GetStringAsync(new Uri("/console/events", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(30));
        return TokenField().Match(page).Groups[1].Value;
    }

    private static Task<HttpResponseMessage> AddTypeAsync(HttpClient http, string token, string type, string? header, string? value)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/console/events")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "add-type",
                ["__RequestVerificationToken"] = token,
                ["Add.Type"] = type,
                ["Add.Name"] = type,
                ["Add.Weight"] = "5",
                ["tenant"] = "default",
            }),
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        return http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<IReadOnlyList<string>> TypesAsync(string tenant = "default")
    {
        using var clients = new EngineClients(grpc);
        var list = await clients.EventTypes.ListEventTypesAsync(new Contracts.V1.ListEventTypesRequest(), new Grpc.Core.Metadata { { "x-tenant", tenant } }, DateTime.UtcNow.AddSeconds(20));
        return [.. list.EventTypes.Select(t => t.Type)];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
