using System.CommandLine;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NeuronEngine.Client;

namespace NeuronEngine.Cli.Commands.Health;

/// <summary>
/// <c>neuron health</c>: asks each endpoint's <c>grpc.health.v1.Health/Check</c> whether it serves, for scripts,
/// containers and deployments that wait for the engine to be ready (what grpcurl or grpc_health_probe did).
/// </summary>
/// <remarks>
/// Each endpoint is asked on a channel of its own (not balanced: the question is about that replica), with the TLS
/// switches and without an API key, which the engine does not ask of health checks. Exit 0 only when every endpoint says
/// SERVING; 1 otherwise, whether it said NOT_SERVING or did not answer (what container health checks read as
/// unhealthy).
/// </remarks>
internal static class HealthCommand
{
    public static Command Create(CliApp app)
    {
        var service = new Option<string>("--service")
        {
            Description = "The service to ask about: \"\" (default) is the whole engine, ready once storage has recovered and promoted models are loaded; \"liveness\" is SERVING while the process answers",
            DefaultValueFactory = _ => "",
        };
        var command = app.Command(
            "health",
            "Whether each --endpoint is ready: prints SERVING or NOT_SERVING (or why it did not answer) per endpoint; exit 0 only when all are SERVING, else 1. Needs no API key",
            async (cli, ct) =>
            {
                var name = cli.Get(service) ?? "";
                if (cli.Endpoints.Count == 0)
                {
                    throw new CliException("--endpoint: give at least one address");
                }

                var checks = await Task.WhenAll(cli.Endpoints.Select(endpoint => CheckAsync(cli, endpoint, name, ct)));
                Print(cli, checks);
                return checks.All(c => c.Status == HealthCheckResponse.Types.ServingStatus.Serving) ? ExitCodes.Ok : ExitCodes.Refused;
            });
        command.Options.Add(service);
        return command;
    }

    private static async Task<HealthCheck> CheckAsync(CliContext cli, string endpoint, string service, CancellationToken ct)
    {
        // Checked before anything is sent: a bad address or certificate file is a usage error (exit 2).
        var options = cli.ClientOptions(withApiKey: false, o => (o.Endpoint, o.Endpoints) = (endpoint, []));
        using var channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { HttpHandler = NeuronClient.CreateHttpHandler(options) });
        var health = new Grpc.Health.V1.Health.HealthClient(channel);
        try
        {
            var response = await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow + cli.Timeout, cancellationToken: ct);
            return new HealthCheck(endpoint, response.Status, null);
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            var error = new NeuronClientException(ex.StatusCode, ex.Status.Detail, null, ex);
            CliErrors.TryDescribe(error, endpoint, ct, out var line, out _);
            return new HealthCheck(endpoint, null, line);
        }
    }

    private static void Print(CliContext cli, IReadOnlyList<HealthCheck> checks)
    {
        if (cli.Json)
        {
            cli.WriteJson(checks.Select(c => new { endpoint = c.Endpoint, status = c.Status is { } s ? StatusName(s) : null, error = c.Error }).ToList());
            return;
        }

        var width = checks.Max(c => c.Endpoint.Length);
        foreach (var check in checks)
        {
            cli.Line($"{check.Endpoint.PadRight(width)}  {(check.Status is { } status ? StatusName(status) : check.Error)}");
        }
    }

    /// <summary>The status as grpc.health.v1 spells it: <c>NOT_SERVING</c>.</summary>
    public static string StatusName(HealthCheckResponse.Types.ServingStatus status) => status switch
    {
        HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
        HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
        HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => "UNKNOWN",
    };

    /// <summary>One endpoint's answer: its status, or the one-line error when it gave none.</summary>
    private sealed record HealthCheck(string Endpoint, HealthCheckResponse.Types.ServingStatus? Status, string? Error);
}
