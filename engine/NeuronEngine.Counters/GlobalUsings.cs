global using CounterSession = FASTER.core.ClientSession<
    FASTER.core.SpanByte,
    FASTER.core.SpanByte,
    NeuronEngine.Counters.Storage.CounterInput,
    NeuronEngine.Counters.Storage.CounterOutput,
    FASTER.core.Empty,
    NeuronEngine.Counters.Storage.CounterFunctions>;
