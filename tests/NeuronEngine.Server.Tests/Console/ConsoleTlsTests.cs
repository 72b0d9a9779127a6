using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.Server.Tests.Console;

/// <summary>With Tls:Certificate set the console serves HTTPS with the engine's certificate, and its cookies are Secure.</summary>
public sealed partial class ConsoleTlsTests
{
    [Fact]
    public async Task Tls_ConsoleServesHttps_HttpTwo_AndSignInSetsASecureStrictHttpOnlyCookie()
    {
        using var temp = new TempDirectory("console-tls");
        using var certificates = new TestCertificates(temp.Combine("pki"));
        var server = certificates.IssueServer();
        var port = FreePort();
        await using var app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", temp.Combine("data"), "--trainer", "off", "--auth", "required",
                "--tls-cert", server.Certificate, "--tls-key", server.Key, "--console-port", port.ToString(CultureInfo.InvariantCulture)],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        try
        {
            var handler = TlsHandlers.Trusting(certificates.CaFile);
            handler.UseCookies = true;
            handler.CookieContainer = new CookieContainer();
            handler.AllowAutoRedirect = false;
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/console/signin") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

            using var page = await http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpVersion.Version20, page.Version);
            Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("neuron-console-antiforgery=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
            var token = TokenField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
            var key = (await File.ReadAllTextAsync(temp.Combine("data", "operator.key"))).Trim();

            using var post = new HttpRequestMessage(HttpMethod.Post, "/console/signin")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["_handler"] = "sign-in",
                    ["__RequestVerificationToken"] = token,
                    ["Form.Key"] = key,
                }),
            };
            post.Headers.Add("Origin", $"https://127.0.0.1:{port}");
            using var signIn = await http.SendAsync(post).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            var session = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("neuron-console=", StringComparison.Ordinal));
            Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(key, session, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
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
