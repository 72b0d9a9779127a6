using NeuronEngine.Core.Tls;
using NeuronEngine.Engine.Tls;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Tls;

public sealed class TlsOptionsTests : IDisposable
{
    private readonly TempDirectory temp = new("tls-options");
    private readonly TestCertificates certificates;

    public TlsOptionsTests() => certificates = new TestCertificates(temp.Path);

    public void Dispose()
    {
        certificates.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void Validate_NothingSet_ValidAndOff()
    {
        var options = new TlsOptions();

        Assert.Empty(options.Validate());
        Assert.False(options.Enabled);
    }

    [Fact]
    public void Validate_CertificateKeyAndClientCa_Valid()
    {
        var server = certificates.IssueServer();

        var options = new TlsOptions { Certificate = server.Certificate, Key = server.Key, ClientCa = certificates.CaFile };

        Assert.Empty(options.Validate());
        Assert.True(options.RequiresClientCertificate);
    }

    [Theory]
    [InlineData(true, "Tls:Certificate needs Tls:Key")]
    [InlineData(false, "Tls:Key needs Tls:Certificate")]
    public void Validate_OneOfThePair_NamesTheOther(bool certificate, string expected)
    {
        var server = certificates.IssueServer();
        var options = certificate ? new TlsOptions { Certificate = server.Certificate } : new TlsOptions { Key = server.Key };

        Assert.StartsWith(expected, Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCaWithoutCertificate_SaysItNeedsTls()
    {
        var options = new TlsOptions { ClientCa = certificates.CaFile };

        Assert.StartsWith("Tls:ClientCa needs Tls:Certificate and Tls:Key", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFiles_OneLineEachNamingSettingAndPath()
    {
        var missing = temp.Combine("nope.pem");
        var options = new TlsOptions { Certificate = missing, Key = missing, ClientCa = temp.Combine("no-ca.pem") };

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"Tls:Certificate: cannot read {missing}", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Tls:ClientCa: cannot read", errors[1], StringComparison.Ordinal);
        Assert.All(errors, e => Assert.DoesNotContain('\n', e));
    }

    [Fact]
    public void Validate_FileWithoutPem_SaysItHoldsNoCertificate()
    {
        var server = certificates.IssueServer();
        var garbage = temp.Combine("garbage.pem");
        File.WriteAllText(garbage, "not a certificate\n");

        var errors = new TlsOptions { Certificate = garbage, Key = server.Key }.Validate();

        Assert.Equal($"Tls:Certificate: {garbage} holds no PEM certificate (-----BEGIN CERTIFICATE-----)", Assert.Single(errors));
    }

    [Fact]
    public void Validate_KeyOfAnotherCertificate_NamesTheKeySetting()
    {
        var server = certificates.IssueServer();
        var other = certificates.IssueServer("localhost");

        var error = Assert.Single(new TlsOptions { Certificate = server.Certificate, Key = other.Key }.Validate());

        Assert.StartsWith($"Tls:Key: {other.Key} (for the certificate in {server.Certificate}) holds no usable private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientOnlyCertificate_RefusedAsNotForServers()
    {
        var client = certificates.IssueFor("client-only", PemCertificates.ClientAuthentication);

        var error = Assert.Single(new TlsOptions { Certificate = client.Certificate, Key = client.Key }.Validate());

        Assert.Contains("is not for TLS servers", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCaWithoutCertificates_Refused()
    {
        var server = certificates.IssueServer();

        var error = Assert.Single(new TlsOptions { Certificate = server.Certificate, Key = server.Key, ClientCa = server.Key }.Validate());

        Assert.StartsWith($"Tls:ClientCa: {server.Key} holds no PEM certificate", error, StringComparison.Ordinal);
    }
}
