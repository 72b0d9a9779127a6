using System.Diagnostics.Metrics;
using NeuronEngine.Core;
using NeuronEngine.EventLog;
using NeuronEngine.Engine.Storage;

namespace NeuronEngine.Engine.Telemetry;

/// <summary>
/// The log writer's running totals (<see cref="EventLogStats"/>) as observable counters, read at each collection:
/// <c>neuron.eventlog.groups</c>, <c>.records</c>, <c>.bytes</c>, <c>.fsyncs</c>, <c>.segments</c>. Since the engine started.
/// </summary>
internal sealed class EventLogMetrics
{
    private readonly EngineStorage storage;

    public EventLogMetrics(IMeterFactory meters, EngineStorage storage)
    {
        this.storage = storage;
        var meter = meters.Create(EngineTelemetry.MeterName);
        meter.CreateObservableCounter("neuron.eventlog.groups", () => Stats().Groups, "{group}", "Group commits that wrote at least one record.");
        meter.CreateObservableCounter("neuron.eventlog.records", () => Stats().Records, "{record}", "Records (Track batches) written to the event log.");
        meter.CreateObservableCounter("neuron.eventlog.bytes", () => Stats().Bytes, "By", "Record bytes written to the event log.");
        meter.CreateObservableCounter("neuron.eventlog.fsyncs", () => Stats().Flushes, "{fsync}", "fsync calls on event log segments.");
        meter.CreateObservableCounter("neuron.eventlog.segments", () => Stats().Segments, "{segment}", "Segments started by rolling over.");
    }

    private EventLogStats Stats()
    {
        if (!storage.IsReady || storage.IsCluster)
        {
            return default;
        }

        try
        {
            return storage.Log.Stats;
        }
        catch (NeuronException)
        {
            // Stopped between the check and the read.
            return default;
        }
    }
}
