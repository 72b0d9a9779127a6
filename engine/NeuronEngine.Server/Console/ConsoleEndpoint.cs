namespace NeuronEngine.Server.Console;

/// <summary>
/// Endpoint metadata marking the console's routes: only these answer on the console port, and they answer nowhere
/// else (<see cref="ConsolePortFilter"/>); <see cref="ConsoleGate"/> signs their requests in.
/// </summary>
internal sealed class ConsoleEndpoint
{
    public static readonly ConsoleEndpoint Page = new(ConsoleEndpointKind.Page);
    public static readonly ConsoleEndpoint Api = new(ConsoleEndpointKind.Api);
    public static readonly ConsoleEndpoint Public = new(ConsoleEndpointKind.Public);

    private ConsoleEndpoint(ConsoleEndpointKind kind) => Kind = kind;

    public ConsoleEndpointKind Kind { get; }
}
