using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Sidecar.TrainingScenario;

namespace NeuronEngine.IntegrationTests.Sidecar;

/// <summary>The real trainer sidecar against an engine that takes nothing in cleartext and nobody without a key.</summary>
[Collection(ProcessTests.Name)]
public sealed class TrainerSidecarTlsTests
{
    /// <summary>
    /// TLS with a certificate issued for <c>localhost</c> only (the sidecar comes in on 127.0.0.1 and pins it), client
    /// certificates required (the sidecar presents the one its engine made), and <c>--auth required</c> (the sidecar's
    /// in-memory operator key): a run still trains to the end.
    /// </summary>
    [Fact]
    public async Task Sidecar_TlsMutualTlsAndRequiredAuth_CompletesARun()
    {
        using var pki = new TempDirectory("sidecar-tls-pki");
        using var certificates = new TestCertificates(pki.Path);
        var server = certificates.IssueServer("localhost");
        await using var engine = await OwnEngine.StartAsync(
            "sidecar-tls",
            ["--trainer", "sidecar", "--auth", "required", "--tls-cert", server.Certificate, "--tls-key", server.Key, "--tls-client-ca", certificates.CaFile]);
        var operatorKey = (await File.ReadAllTextAsync(Path.Combine(engine.Data.Path, "operator.key"))).Trim();
        var address = $"https://localhost:{new Uri(engine.Address).Port}";
        using var c = new EngineClients(address, TlsHandlers.Trusting(certificates.CaFile, certificates.IssueClient("tests")), "shop", operatorKey);
        var template = await SeedAsync(c, users: 200, items: 80);

        var run = await c.Training.StartRunAsync(new StartRunRequest { TemplateId = template.TemplateId, Recipe = "popularity", Seed = 1 }).Within();
        var updates = await WatchAsync(c, run.RunId, TimeSpan.FromMinutes(3), IsTerminal);

        Assert.True(updates[^1].Status == RunStatus.Succeeded, $"run ended {updates[^1].Status}: {updates[^1].Error}");
        Assert.NotNull(updates[^1].Version);
    }
}
