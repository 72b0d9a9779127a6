using FASTER.core;

namespace NeuronEngine.Counters.Storage;

/// <summary>Tells FASTER how long a new or copied value must be; lengths include SpanByte's 4-byte length prefix.</summary>
internal sealed class CounterValueLength : IVariableLengthStruct<SpanByte, CounterInput>
{
    public static readonly CounterValueLength Instance = new();

    public int GetInitialLength(ref CounterInput input) => sizeof(int) + input.Op switch
    {
        CounterOp.History => HistoryValue.InitialPayloadLength(input.HistoryLength),
        CounterOp.Item => 16,
        _ => 8,
    };

    public int GetLength(ref SpanByte t, ref CounterInput input) => sizeof(int) + input.Op switch
    {
        CounterOp.History => HistoryValue.GrownPayloadLength(t.AsReadOnlySpan(), input.HistoryLength),
        _ => t.Length,
    };
}
