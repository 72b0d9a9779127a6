namespace NeuronEngine.Engine.Hosting;

/// <summary>
/// Where the host accepts calls, as URLs (<c>http://127.0.0.1:7070</c>), known once it listens. The trainer sidecar dials
/// the first; readiness logs them all. The engine itself opens no listener: whatever hosts it provides this.
/// </summary>
public interface IListenAddresses
{
    /// <summary>The bound addresses; empty until the host listens (and for an engine nobody calls over a network).</summary>
    IReadOnlyCollection<string> Addresses { get; }
}

/// <summary>The addresses of an engine without a listener: none.</summary>
internal sealed class NoListenAddresses : IListenAddresses
{
    public IReadOnlyCollection<string> Addresses => [];
}
