using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests;

public sealed class NeuronClientOptionsTests : IDisposable
{
    private readonly TempDirectory temp = new("client-options");
    private readonly TestCertificates certificates;

    public NeuronClientOptionsTests() => certificates = new TestCertificates(temp.Path);

    public void Dispose()
    {
        certificates.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void Validate_Defaults_ReturnsNoErrors() => Assert.Empty(new NeuronClientOptions().Validate());

    [Fact]
    public void Validate_ManyBadValues_ReturnsEveryError()
    {
        var options = new NeuronClientOptions
        {
            Endpoint = "localhost:7070",
            Tenant = "",
            DefaultDeadline = TimeSpan.Zero,
            TrackerMaxBatch = 1001,
            TrackerMaxBuffered = 0,
            TrackerMaxAttempts = 0,
        };

        var errors = options.Validate();

        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Endpoint:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TrackerMaxBatch:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(30 * 86_400)]
    public void Validate_TrackerCloseTimeoutOutOfRange_NamesIt(int seconds)
    {
        var errors = new NeuronClientOptions { TrackerCloseTimeout = TimeSpan.FromSeconds(seconds) }.Validate();

        Assert.StartsWith("TrackerCloseTimeout:", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void NeuronClient_InvalidOptions_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new NeuronClient(new NeuronClientOptions { TrackerFlushInterval = TimeSpan.Zero }));
        Assert.Contains("TrackerFlushInterval", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertificateFilesApiKeyAndHttps_ReturnsNoErrors()
    {
        var client = certificates.IssueClient("app");
        var options = new NeuronClientOptions
        {
            Endpoint = "https://engine.example:7070",
            ApiKey = "nk_0123456789abcdef_secret",
            CaCertificateFile = certificates.CaFile,
            ClientCertificateFile = client.Certificate,
            ClientKeyFile = client.Key,
        };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_CertificateFilesOverHttp_AsksForHttps()
    {
        var errors = new NeuronClientOptions { Endpoint = "http://engine.example:7070", CaCertificateFile = certificates.CaFile }.Validate();

        Assert.StartsWith("Endpoint: must be https when certificate files are given", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCertificateWithoutKey_NamesBoth()
    {
        var client = certificates.IssueClient("app");

        var errors = new NeuronClientOptions { Endpoint = "https://engine.example", ClientCertificateFile = client.Certificate }.Validate();

        Assert.Equal("ClientCertificateFile, ClientKeyFile: set both or neither", Assert.Single(errors));
    }

    [Fact]
    public void Validate_UnusableFiles_NamesEachOption()
    {
        var client = certificates.IssueClient("app");
        var other = certificates.IssueClient("other");
        var options = new NeuronClientOptions
        {
            Endpoint = "https://engine.example",
            CaCertificateFile = temp.Combine("missing-ca.pem"),
            ClientCertificateFile = client.Certificate,
            ClientKeyFile = other.Key,
        };

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("ClientKeyFile: ", errors[0], StringComparison.Ordinal);
        Assert.StartsWith($"CaCertificateFile: cannot use {options.CaCertificateFile}", errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nk_0123456789abcdef_secret\n")]
    [InlineData("nk_0123456789abcdef secret")]
    [InlineData("")]
    public void Validate_ApiKeyNotOneWord_RefusedWithoutShowingIt(string key)
    {
        var error = Assert.Single(new NeuronClientOptions { ApiKey = key }.Validate());

        Assert.StartsWith("ApiKey: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoHttpEndpoints_ReturnsNoErrorsAndIgnoresEndpoint()
    {
        var options = new NeuronClientOptions { Endpoint = "not a uri", Endpoints = ["http://10.0.0.1:7070", "http://engine-2.example:7070"] };

        Assert.Empty(options.Validate());
        Assert.Equal([new Uri("http://10.0.0.1:7070"), new Uri("http://engine-2.example:7070")], options.Addresses());
    }

    [Fact]
    public void Validate_BadEndpoints_NamesEachEntry()
    {
        var options = new NeuronClientOptions { Endpoints = ["http://a:7070", "b:7070", "http://a:7070/", "http://c:7070/neuron", ""] };

        var errors = options.Validate();

        Assert.Equal(
            [
                "Endpoints[1]: must be an absolute http or https URI, not \"b:7070\"",
                "Endpoints[2]: \"http://a:7070/\" is given twice",
                "Endpoints[3]: must be scheme://host:port with no path, not \"http://c:7070/neuron\"",
                "Endpoints[4]: must be an absolute http or https URI, not \"\"",
            ],
            errors);
    }

    [Fact]
    public void Validate_HttpAndHttpsEndpoints_AsksForOneScheme()
    {
        var errors = new NeuronClientOptions { Endpoints = ["http://a:7070", "https://b:7070"] }.Validate();

        Assert.Equal("Endpoints: must be all http or all https, not both", Assert.Single(errors));
    }

    [Fact]
    public void Validate_CertificateFilesOverHttpEndpoints_AsksForHttpsNamingEndpoints()
    {
        var errors = new NeuronClientOptions { Endpoints = ["http://a:7070", "http://b:7070"], CaCertificateFile = certificates.CaFile }.Validate();

        Assert.StartsWith("Endpoints: must be https when certificate files are given", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertificateFilesOverHttpsEndpoints_ReturnsNoErrors() =>
        Assert.Empty(new NeuronClientOptions { Endpoints = ["https://a.example:7070", "https://[::1]:7071"], CaCertificateFile = certificates.CaFile }.Validate());

    [Fact]
    public void NeuronClient_InvalidEndpoints_ThrowsArgumentExceptionNamingThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new NeuronClient(new NeuronClientOptions { Endpoints = ["http://a:7070", "nope"] }));

        Assert.Contains("Endpoints[1]", ex.Message, StringComparison.Ordinal);
    }
}
