using System.Net.NetworkInformation;
using System.Net.Sockets;
using NeuronEngine.Trainer.Worker;

namespace NeuronEngine.Trainer.Tests.Worker;

public sealed class TrainerOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7070")]
    [InlineData("http://localhost:7070")]
    [InlineData("http://[::1]:7070")]
    [InlineData("https://engine.example:7070")]
    public void Validate_LoopbackOverHttpOrAnyOverHttps_Valid(string engine) =>
        Assert.Empty(new TrainerOptions { Engine = engine }.Validate());

    [Theory]
    [InlineData("http://192.0.2.10:7070")]
    [InlineData("http://engine.example:7070")]
    public void Validate_AnotherMachineOverHttp_RefusedBeforeAnyKeyIsSent(string engine)
    {
        var error = Assert.Single(new TrainerOptions { Engine = engine }.Validate());

        Assert.StartsWith($"Trainer:Engine {engine} is another machine over http://", error, StringComparison.Ordinal);
        Assert.Contains("use https://", error, StringComparison.Ordinal);
    }

    /// <summary>A sidecar of an engine bound to one of this machine's own addresses comes in on that address: no wire.</summary>
    [Fact]
    public void Validate_ThisMachinesOwnAddressOverHttp_Valid()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        var engine = own is null ? "http://127.0.0.1:7070" : $"http://{own}:7070";

        Assert.Empty(new TrainerOptions { Engine = engine }.Validate());
    }

    [Fact]
    public void Validate_TlsOptionsMisused_NamesEachProblem()
    {
        var options = new TrainerOptions { Engine = "http://127.0.0.1:7070", CaCertificate = "ca.pem", EngineCertificate = "engine.pem", ClientCertificate = "client.pem" };

        var errors = options.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("certificates are given", StringComparison.Ordinal) && e.Contains("use https://", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Trainer:CaCertificate and Trainer:EngineCertificate exclude each other", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Trainer:ClientCertificate and Trainer:ClientKey go together", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("cpu")]
    [InlineData("cuda:1")]
    public void Validate_KnownDevice_Valid(string device) =>
        Assert.Empty(new TrainerOptions { Device = device }.Validate());

    [Fact]
    public void Validate_UnknownDevice_NamesTheKeyAndTheForms()
    {
        var error = Assert.Single(new TrainerOptions { Device = "gpu" }.Validate());

        Assert.Equal("Trainer:Device must be auto, cpu, cuda or cuda:N (got \"gpu\")", error);
    }
}
