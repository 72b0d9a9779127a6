using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace NeuronEngine.Benchmarks;

/// <summary>The shared configuration: allocations and ops/s next to time for every benchmark.</summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.OperationsPerSecond);
        AddColumn(StatisticColumn.P95);
        Options |= ConfigOptions.JoinSummary;
    }
}
