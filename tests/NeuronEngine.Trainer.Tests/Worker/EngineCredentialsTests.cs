using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using NeuronEngine.Testing;
using NeuronEngine.Trainer.Worker;

namespace NeuronEngine.Trainer.Tests.Worker;

public sealed class EngineCredentialsTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly TestCertificates certificates;

    public EngineCredentialsTests() => certificates = new TestCertificates(temp.Path);

    public void Dispose()
    {
        certificates.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void Load_KeyInTheEnvironment_SentAsIs()
    {
        var credentials = Load(new TrainerOptions(), ("NEURON_API_KEY", "nk_0123456789abcdef_secret"));

        Assert.Equal("nk_0123456789abcdef_secret", credentials.ApiKey);
        Assert.Null(credentials.ClientCertificate);
    }

    [Fact]
    public void Load_KeyFileWithTrailingNewline_WinsOverTheEnvironment()
    {
        var file = Path.Combine(temp.Path, "trainer.key");
        File.WriteAllText(file, "nk_fedcba9876543210_fromfile\n");

        var credentials = Load(new TrainerOptions { ApiKeyFile = file }, ("NEURON_API_KEY", "nk_0123456789abcdef_fromenv"));

        Assert.Equal("nk_fedcba9876543210_fromfile", credentials.ApiKey);
    }

    [Fact]
    public void Load_UnusableFiles_OneLineEachAndNothingLoaded()
    {
        var missing = Path.Combine(temp.Path, "missing.key");
        var errors = new List<string>();

        var credentials = EngineCredentials.Load(
            new TrainerOptions { ApiKeyFile = missing, EngineCertificate = Path.Combine(temp.Path, "missing.pem") }, _ => null, errors);

        Assert.Null(credentials);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"Trainer:ApiKeyFile: cannot read {missing}", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Trainer:EngineCertificate: cannot read", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SidecarCertificateInTheEnvironment_Presented()
    {
        var client = certificates.IssueClient("sidecar");

        var credentials = Load(
            new TrainerOptions(),
            ("NEURON_TRAINER_CLIENT_CERT_PEM", File.ReadAllText(client.Certificate)),
            ("NEURON_TRAINER_CLIENT_KEY_PEM", File.ReadAllText(client.Key)));

        Assert.NotNull(credentials.ClientCertificate);
        Assert.True(credentials.ClientCertificate.HasPrivateKey);
    }

    [Fact]
    public void TrustsEngine_Pinned_ExactlyThatCertificateWhateverItsName()
    {
        var pinned = certificates.IssueServer("engine.example");
        var sibling = certificates.IssueServer("engine.example");
        var credentials = Load(new TrainerOptions { Engine = "https://127.0.0.1:7070", EngineCertificate = pinned.Certificate });

        using var same = Certificate(pinned);
        using var other = Certificate(sibling);

        Assert.True(credentials.TrustsEngine(same, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(credentials.TrustsEngine(other, null, SslPolicyErrors.None));
    }

    [Fact]
    public void TrustsEngine_PrivateCa_ItsCertificatesWithTheRightNameOnly()
    {
        using var stranger = new TestCertificates(temp.Path, "stranger");
        var credentials = Load(new TrainerOptions { Engine = "https://localhost:7070", CaCertificate = certificates.CaFile });

        using var issued = Certificate(certificates.IssueServer());
        using var foreign = Certificate(stranger.IssueServer());

        Assert.True(credentials.TrustsEngine(issued, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(credentials.TrustsEngine(issued, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(credentials.TrustsEngine(foreign, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Headers_ApiKey_BearerAuthorizationBesideTheTrainerToken()
    {
        var tokenFile = Path.Combine(temp.Path, "trainer.token");
        File.WriteAllText(tokenFile, "token\n");
        using var link = new EngineLink(new FakeEngine((_, _) => throw new NotSupportedException()), tokenFile, "nk_0123456789abcdef_secret");

        var headers = link.Headers;

        Assert.Equal("Bearer nk_0123456789abcdef_secret", headers.GetValue("authorization"));
        Assert.Equal("token", headers.GetValue(EngineLink.TokenHeader));
    }

    private static EngineCredentials Load(TrainerOptions options, params (string Name, string Value)[] environment)
    {
        var errors = new List<string>();
        var credentials = EngineCredentials.Load(options, name => environment.FirstOrDefault(e => e.Name == name).Value, errors);
        Assert.Empty(errors);
        return credentials!;
    }

    private static X509Certificate2 Certificate(PemPair pair) => X509Certificate2.CreateFromPem(File.ReadAllText(pair.Certificate));
}
