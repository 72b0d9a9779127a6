using System.Security.Authentication;
using System.Text;
using Grpc.Core;
using NeuronEngine.Client;

namespace NeuronEngine.Cli;

/// <summary>Turns a failure into the one line the CLI prints and its exit code.</summary>
public static class CliErrors
{
    /// <summary>False for failures that are bugs (they keep their stack trace).</summary>
    public static bool TryDescribe(Exception exception, CancellationToken ct, out string line, out int exitCode)
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
            case NeuronClientException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } ex:
                (line, exitCode) = ($"{StatusName(ex.StatusCode)}: {ex.Detail}", ExitCodes.Unreachable);
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
    private static string? HandshakeFailure(NeuronClientException exception)
    {
        for (Exception? cause = (exception.InnerException as RpcException)?.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            if (cause is AuthenticationException)
            {
                return cause.Message;
            }
        }

        return null;
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
