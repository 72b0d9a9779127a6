using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Counters.Checkpoints;
using NeuronEngine.Counters.State;
using NeuronEngine.Counters.Storage;
using NeuronEngine.EventLog;

namespace NeuronEngine.Counters;

/// <summary>
/// The engine's derived view of the event log: per-tenant counters, per-item counters and each user's
/// recent history, in FASTER, checkpointed with the log position they cover.
/// </summary>
/// <remarks>
/// <para>Threading. Writer side (<see cref="IsDuplicate"/>, <see cref="Apply"/>, <see cref="CheckpointAsync"/>,
/// <see cref="Recover"/>) is single-threaded by contract: the event-log writer calls it from its one
/// group-commit loop, in log order, and never concurrently with itself. Reader side (<see cref="GetStats"/>,
/// <see cref="GetHistory(string, string, Span{HistoryEntry})"/>, <see cref="GetItem"/>, <see cref="GetPopular"/>)
/// may be called from any number of threads, concurrently with the writer; each read sees whole values
/// (a history is never seen half-updated), though two separate reads may straddle an <see cref="Apply"/>.</para>
/// <para>Lifecycle: construct, call <see cref="Recover"/> once, replay the event log from the position it
/// returns, then apply new batches. <see cref="Dispose"/> must not race any other call.</para>
/// </remarks>
public sealed partial class CounterStore : IDisposable
{
    private readonly CounterOptions options;
    private readonly ILogger<CounterStore> logger;
    private readonly TimeProvider time;
    private readonly CheckpointFiles files;
    private readonly long dedupWindowMicros;
    private ConcurrentDictionary<string, TenantState> tenants = new(StringComparer.Ordinal);
    private FasterStore? store;
    private long appliedOffset;
    private Dictionary<string, string> streamCursors = new(StringComparer.Ordinal);
    private long lastSequence;
    private CheckpointChain? chain;
    private bool disposed;

    public CounterStore(CounterOptions options, ILogger<CounterStore> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        this.options = options;
        this.logger = logger;
        this.time = time;
        files = new CheckpointFiles(Path.GetFullPath(options.Directory));
        dedupWindowMicros = options.DedupWindow.Ticks / TimeSpan.TicksPerMicrosecond;
    }

    /// <summary>The constructor dependency injection uses: options bound from the <c>Counters</c> section.</summary>
    public CounterStore(IOptions<CounterOptions> options, ILogger<CounterStore> logger, TimeProvider time)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, logger, time)
    {
    }

    /// <summary>The end of the last applied batch: everything before it is reflected here.</summary>
    public LogPosition AppliedPosition => new(Volatile.Read(ref appliedOffset));

    /// <summary>
    /// Cluster mode: per event stream, the id of the last entry applied (<see cref="ApplyFromStream"/>), saved with each
    /// checkpoint and restored by <see cref="Recover"/>. A copy; writer side.
    /// </summary>
    public IReadOnlyDictionary<string, string> StreamCursors => new Dictionary<string, string>(streamCursors, StringComparer.Ordinal);

    /// <summary>The checkpoint <see cref="Recover"/> loaded; null when it found none readable and started empty.</summary>
    public CheckpointInfo? RecoveredCheckpoint { get; private set; }

    /// <summary>The configured history length (entries kept per user).</summary>
    public int HistoryLength => options.HistoryLength;

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        store?.Dispose();
        store = null;
    }

    private FasterStore Store
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return store ?? throw NeuronException.FailedPrecondition("the counter store is not open: call Recover first");
        }
    }

    private TenantState GetOrAddTenant(string tenant)
        => tenants.TryGetValue(tenant, out var state) ? state : tenants.GetOrAdd(tenant, new TenantState(tenant, options.PopularK));
}
