using Grpc.Core;
using NeuronEngine.Client;
using NeuronEngine.LoadTests.Load;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>
/// A scenario: what one arrival of the schedule does. <see cref="ExecuteAsync"/> runs on the timing thread up to
/// its first await, so it must start its call without blocking; scenarios draw their random choices there too,
/// which keeps a seeded run's request sequence reproducible.
/// </summary>
internal abstract class LoadScenario(ScenarioContext context)
{
    private readonly Dictionary<string, long> counters = new(StringComparer.Ordinal);

    public abstract string Name { get; }

    protected ScenarioContext Context => context;

    /// <summary>Checks and warms what the scenario needs before the clock starts.</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts one arrival and records it (through <see cref="MeasureAsync"/>).</summary>
    public abstract Task ExecuteAsync(ScheduledRequest request, long intended);

    /// <summary>Work alongside the load (promotions); runs from the measurement start until cancelled.</summary>
    public virtual Task RunBackgroundAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The phase a request belongs to, or null to use the load segment's name (steps) or none.</summary>
    public virtual string? PhaseOf(long intended, long completed) => null;

    /// <summary>Scenario counters for the report (events acknowledged, exclusion checks…), measured requests only.</summary>
    public IReadOnlyDictionary<string, long> Counters()
    {
        lock (counters)
        {
            return new Dictionary<string, long>(counters, StringComparer.Ordinal);
        }
    }

    protected void Count(string counter, long by = 1)
    {
        lock (counters)
        {
            counters[counter] = counters.GetValueOrDefault(counter) + by;
        }
    }

    /// <summary>Runs <paramref name="call"/>, records its latency from <paramref name="intended"/> under <paramref name="series"/>.</summary>
    /// <returns>The call's result, or default when it failed (the failure is recorded).</returns>
    protected async Task<T?> MeasureAsync<T>(string series, ScheduledRequest request, long intended, Func<Task<T>> call, Func<T, string?>? check = null)
    {
        var sent = context.Clock.GetTimestamp();
        string? error;
        T? result = default;
        try
        {
            result = await call().ConfigureAwait(false);
            error = check?.Invoke(result);
        }
        catch (NeuronClientException ex)
        {
            error = ex.StatusCode.ToString();
        }
        catch (RpcException ex)
        {
            error = ex.StatusCode.ToString();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = ex.GetType().Name;
        }

        var completed = context.Clock.GetTimestamp();
        var phase = PhaseOf(intended, completed) ?? (context.Options.Steps.Count > 0 ? request.Segment.Name : null);
        context.Recorder.Record(series, phase, intended, sent, completed, error);
        return error is null ? result : default;
    }
}
