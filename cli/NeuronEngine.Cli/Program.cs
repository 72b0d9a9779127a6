using NeuronEngine.Cli;

return await NeuronCli.RunAsync(args, CliConsole.System());
