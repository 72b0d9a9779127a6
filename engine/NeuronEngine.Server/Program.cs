using NeuronEngine.Models.Hosting;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;

_ = NativeHeap.LimitArenas();
return await EngineHost.RunAsync(args);
