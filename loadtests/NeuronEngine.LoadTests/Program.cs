using NeuronEngine.LoadTests;

return await LoadTestCommand.RunAsync(args);
