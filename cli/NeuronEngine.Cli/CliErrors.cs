using System.Security.Authentication;
using System.Text;
using Grpc.Core;
using NeuronEngine.Client;

namespace NeuronEngine.Cli;

/// <summary>Turns a failure into the one line the CLI prints and its exit code.</summary>
public static class CliErrors
{
    /// <summary>False for failures that are bugs (they keep their stack trace).</summary>
    public static bool TryDescribe(Exception exception, CancellationToken ct, out string line, out int exitCode) =>
        TryDescribe(exception, endpoint: null, ct, out line, out exitCode);

    /// <summary>
    /// False for failures that are bugs (they keep their stack trace). <paramref name="endpoint"/>, when known, lets a
    /// connection the engine ended say what to try (https, a client certificate).
    /// </summary>
    public static bool TryDescribe(Exception exception, string? endpoint, CancellationToken ct, out string line, out int exitCode)
    {
        var described = Describe(exception, endpoint, ct, out line, out exitCode);

        // One line, whatever the runtime put in an inner exception's message.
        line = line.ReplaceLineEndings(" ");
        return described;
    }

    private static bool Describe(Exception exception, string? endpoint, CancellationToken ct, out string line, out int exitCode)
    {
        switch (exception)
        {
            case OperationCanceledException when ct.IsCancellationRequested:
            case NeuronClientException { StatusCode: StatusCode.Cancelled } when ct.IsCancellationRequested:
                (line, exitCode) = ("cancelled", ExitCodes.Cancelled);
                return true;
            case NeuronClientException ex when HandshakeFailure(ex) is { } why:
                (line, exitCode) = ($"TLS: {why} (trust the engine's CA with --ca-cert FILE; an engine that requires client certificates needs --client-cert and --client-key)", ExitCodes.Unreachable);
                return true;
            case NeuronClientException { StatusCode: StatusCode.Unavailable } ex when ConnectFailure(ex) is { } why:
                (line, exitCode) = ($"{StatusName(ex.StatusCode)}: cannot connect to {Where(endpoint)} ({why}): is the engine running there? Start it, or give its address with --endpoint or NEURON_ENDPOINT", ExitCodes.Unreachable);
                return true;
            case NeuronClientException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } ex:
                (line, exitCode) = ($"{StatusName(ex.StatusCode)}: {ex.Detail}{ConnectionHint(ex, endpoint)}", ExitCodes.Unreachable);
                return true;
            case NeuronClientException { StatusCode: StatusCode.Unauthenticated } ex:
                (line, exitCode) = ($"{StatusName(ex.StatusCode)}: {ex.Detail} (the engine needs a valid API key: --api-key-file FILE or NEURON_API_KEY_FILE; an admin makes one with 'neuron keys create')", ExitCodes.Refused);
                return true;
            case NeuronClientException { StatusCode: StatusCode.PermissionDenied } ex when ex.Detail.Contains("key", StringComparison.OrdinalIgnoreCase):
                (line, exitCode) = ($"{StatusName(ex.StatusCode)}: {ex.Detail} (the API key's roles and tenant decide what it may do: 'neuron keys list' shows them)", ExitCodes.Refused);
                return true;
            case NeuronClientException ex:
                (line, exitCode) = ($"{StatusName(ex.StatusCode)}: {ex.Detail}", ExitCodes.Refused);
                return true;
            case CliException ex:
                (line, exitCode) = (ex.Message, ex.ExitCode);
                return true;
            case IOException or UnauthorizedAccessException:
                (line, exitCode) = (exception.Message, ExitCodes.Usage);
                return true;
            default:
                (line, exitCode) = ("", 0);
                return false;
        }
    }

    /// <summary>Why the TLS handshake failed, when that is why the call did (gRPC reports it INTERNAL with the cause inside).</summary>
    private static string? HandshakeFailure(NeuronClientException exception) =>
        Causes(exception).OfType<AuthenticationException>().FirstOrDefault()?.Message;

    /// <summary>
    /// Why no connection was made at all (refused, unreachable, a name that does not resolve), in the socket's words; null
    /// when one was made. gRPC's own detail ("Error connecting to subchannel.") names neither the address nor the cause.
    /// </summary>
    private static string? ConnectFailure(NeuronClientException exception)
    {
        var causes = Causes(exception).ToList();
        // Only failures to reach the engine: a reset of an established connection (a restart mid-call) is not "cannot connect".
        if (causes.OfType<System.Net.Sockets.SocketException>().FirstOrDefault() is { } socket)
        {
            return socket.SocketErrorCode is System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostUnreachable
                or System.Net.Sockets.SocketError.NetworkUnreachable or System.Net.Sockets.SocketError.TimedOut
                or System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.TryAgain or System.Net.Sockets.SocketError.AddressNotAvailable
                ? socket.Message
                : null;
        }

        return causes.OfType<HttpRequestException>().FirstOrDefault(c => c.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)?.Message;
    }

    /// <summary>The address (or addresses, comma-separated) the call went to, as the user gave it.</summary>
    private static string Where(string? endpoint) => endpoint switch
    {
        null or "" => "the engine",
        var list when list.Contains(',', StringComparison.Ordinal) => $"any of {list.Replace(",", ", ", StringComparison.Ordinal)}",
        var one => one,
    };

    /// <summary>
    /// For a connection that was made and then ended before HTTP/2 got going (not one refused or never resolved), the
    /// likely reason: cleartext to an engine that serves TLS, or no client certificate for one that requires it.
    /// </summary>
    private static string ConnectionHint(NeuronClientException exception, string? endpoint)
    {
        var causes = Causes(exception).ToList();
        if (endpoint is null
            || causes.Any(c => c is System.Net.Sockets.SocketException)
            || !causes.Any(c => c is HttpRequestException { HttpRequestError: not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError) }))
        {
            return "";
        }

        return endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? " (the engine ended the TLS connection: one that requires client certificates needs --client-cert and --client-key)"
            : " (the engine did not speak cleartext HTTP/2: if it serves TLS, use an https:// endpoint)";
    }

    private static IEnumerable<Exception> Causes(NeuronClientException exception)
    {
        for (var cause = (exception.InnerException as RpcException)?.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }

    /// <summary>The gRPC status name as the specification spells it: <c>INVALID_ARGUMENT</c>.</summary>
    public static string StatusName(StatusCode code)
    {
        var name = code.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }
}
