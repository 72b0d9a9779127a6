using NeuronEngine.Server.Hosting;

return await EngineHost.RunAsync(args);
