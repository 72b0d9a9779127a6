using Grpc.Core;
using NeuronEngine.Cli.Output;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Training;

/// <summary>The watch both <c>train start --watch</c> and <c>runs watch</c> end with: the view, then the outcome and its exit code.</summary>
internal static class RunWatching
{
    /// <summary>
    /// Exit 0 when the run registered a version (succeeded or stopped early), 4 when it failed or was stopped, 130 when
    /// Ctrl-C ended the watch (the run goes on: the hint says how to stop it).
    /// </summary>
    public static async Task<int> WatchAsync(CliContext cli, string runId, CancellationToken ct)
    {
        Run run;
        try
        {
            run = await new RunWatchView(cli.Console, cli.Json).WatchAsync(cli.Client.Training, runId, ct);
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or NeuronClientException { StatusCode: StatusCode.Cancelled })
        {
            await cli.Console.Error.WriteLineAsync(
                $"neuron: stopped watching; run {runId} keeps running. Watch it again: neuron runs watch {runId} · stop it: neuron runs stop {runId}");
            return ExitCodes.Cancelled;
        }

        if (cli.Json)
        {
            cli.WriteJson(run);
        }
        else
        {
            cli.Line(RunText.Outcome(run, cli.Tenant));
        }

        return RunText.IsSuccess(run.Status) ? ExitCodes.Ok : ExitCodes.Partial;
    }
}
