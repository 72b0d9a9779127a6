namespace NeuronEngine.Client.Tests.Fixtures;

/// <summary>TLS and <c>--auth required</c>: every call needs a key; the bootstrap operator's is in the data directory.</summary>
public sealed class TlsRequiredAuthEngine : SecureEngine
{
    public string OperatorKey => File.ReadAllText(Path.Combine(DataDir, "operator.key")).Trim();

    protected override string[] Switches() => ["--auth", "required"];
}
