// The training sidecar arrives with the trainer issue; until then the process says so and exits non-zero.
Console.Error.WriteLine("neuron-trainer: not built yet (see the trainer issue)");
return 2;
