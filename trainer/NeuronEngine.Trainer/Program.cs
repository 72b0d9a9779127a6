using System.Globalization;
using NeuronEngine.Trainer.SelfTest;

// The training sidecar arrives with the trainer issue; until then the process says so and exits non-zero.
// --self-test proves the TorchSharp native stack loads and trains here, for CI.
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

Console.Error.WriteLine("neuron-trainer: not built yet (see the trainer issue)");
return 2;
