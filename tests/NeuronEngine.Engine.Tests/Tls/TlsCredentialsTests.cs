using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using NeuronEngine.Core.Tls;
using NeuronEngine.Engine.Tls;
using NeuronEngine.Engine.Training.Sidecar;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Tls;

public sealed class TlsCredentialsTests : IDisposable
{
    private readonly TempDirectory temp = new("tls-credentials");
    private readonly TestCertificates certificates;
    private readonly TestCertificates stranger;

    public TlsCredentialsTests()
    {
        certificates = new TestCertificates(temp.Path);
        stranger = new TestCertificates(temp.Path, "stranger");
    }

    public void Dispose()
    {
        certificates.Dispose();
        stranger.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void New_NoTls_NothingLoadedEveryClientAccepted()
    {
        using var tls = Credentials(new TlsOptions());

        Assert.False(tls.Enabled);
        Assert.Null(tls.SidecarCertificate);
        using var anyone = Load(stranger.SelfSignedClient("anyone"));
        Assert.True(tls.AcceptsClient(anyone, null));
    }

    [Fact]
    public void AcceptsClient_MutualTls_OnlyTheCasClientsAndTheSidecar()
    {
        using var tls = Credentials(MutualTls());
        using var issued = Load(certificates.IssueClient("alice"));
        using var selfSigned = Load(certificates.SelfSignedClient("mallory"));
        using var otherCa = Load(stranger.IssueClient("eve"));
        using var serverOnly = Load(certificates.IssueServer());

        Assert.True(tls.AcceptsClient(issued, null));
        Assert.True(tls.AcceptsClient(tls.SidecarCertificate!, null));
        Assert.False(tls.AcceptsClient(selfSigned, null));
        Assert.False(tls.AcceptsClient(otherCa, null));
        Assert.False(tls.AcceptsClient(serverOnly, null), "a certificate for servers only is no client certificate");
    }

    [Fact]
    public void New_MutualTlsSidecar_HandsTheTrainerAKeyThatMatchesItsCertificate()
    {
        using var tls = Credentials(MutualTls());

        using var handed = X509Certificate2.CreateFromPem(tls.SidecarCertificatePem, tls.SidecarKeyPem);

        Assert.Equal(tls.SidecarCertificate!.RawData, handed.RawData);
        Assert.True(handed.HasPrivateKey);
        Assert.True(PemCertificates.AllowsUsage(handed, PemCertificates.ClientAuthentication));
    }

    [Theory]
    [InlineData("external")]
    [InlineData("off")]
    public void New_MutualTlsWithoutSidecar_NoSidecarCertificate(string mode)
    {
        using var tls = Credentials(MutualTls(), mode);

        Assert.True(tls.RequiresClientCertificate);
        Assert.Null(tls.SidecarCertificate);
    }

    [Fact]
    public void New_CertificateFileWithChain_ServesTheFirstAndSendsTheRest()
    {
        var server = certificates.IssueServer();
        var bundle = temp.Combine("with-chain.pem");
        File.WriteAllText(bundle, File.ReadAllText(server.Certificate) + "\n" + File.ReadAllText(certificates.CaFile) + "\n");

        using var tls = Credentials(new TlsOptions { Certificate = bundle, Key = server.Key });

        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(server.Certificate));
        Assert.Equal(leaf.RawData, tls.ServerCertificate!.RawData);
        Assert.Single(tls.ServerChain);
        Assert.Equal(Path.GetFullPath(bundle), tls.CertificatePath);
    }

    private TlsOptions MutualTls()
    {
        var server = certificates.IssueServer();
        return new TlsOptions { Certificate = server.Certificate, Key = server.Key, ClientCa = certificates.CaFile };
    }

    private static TlsCredentials Credentials(TlsOptions options, string trainer = "sidecar") =>
        new(Options.Create(options), Options.Create(new TrainerSidecarOptions { Mode = trainer }));

    private static X509Certificate2 Load(PemPair pair) => X509Certificate2.CreateFromPemFile(pair.Certificate, pair.Key);
}
