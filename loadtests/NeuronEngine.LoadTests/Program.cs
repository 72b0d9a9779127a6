using NeuronEngine.LoadTests.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await LoadTestCommand.RunAsync(args, Console.Out, stop.Token);
