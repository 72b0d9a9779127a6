using System.Globalization;
using NeuronEngine.Trainer.Measurement;
using NeuronEngine.Trainer.SelfTest;
using NeuronEngine.Trainer.Worker;

// neuron-trainer: leases queued runs from an engine and trains them (the default), or
//   --self-test   proves the TorchSharp native stack loads and trains here (CI);
//   measure …     trains both recipes on a synthetic set in memory and prints quality and time per phase;
//   evaluate …    every recipe on a team's own interactions file, on the RECIPES.md protocol (docs/training.md).
if (args.Contains("--self-test", StringComparer.Ordinal))
{
    var losses = TorchSelfTest.Run(steps: 20, seed: 42);
    for (var i = 0; i < losses.Count; i++)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {i,2}: loss {losses[i]:F6}"));
    }

    var learned = losses[^1] < losses[0];
    Console.WriteLine(learned ? "self-test passed: the loss went down" : "self-test FAILED: the loss did not go down");
    return learned ? 0 : 1;
}

if (args.Length > 0 && args[0] == "measure")
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await TrainingMeasurement.RunAsync(args[1..], Console.Out, cancel.Token);
}

if (args.Length > 0 && args[0] == "evaluate")
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await OfflineEvaluation.RunAsync(args[1..], Console.Out, cancel.Token);
}

return await TrainerHost.RunAsync(args);
