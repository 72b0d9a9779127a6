using NeuronEngine.Core;
using NeuronEngine.EventLog;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// Builds one tenant's train and eval sets from the event log by a frozen template, over a fixed data window, so
/// the same log, template, window and split options always give the same datasets and hashes.
/// </summary>
/// <remarks>
/// Reads the window twice, streaming both times: first to count each signal's events (so thresholds are decided
/// before anything is kept), then to collect the passing signals' interactions. Memory grows with distinct users,
/// items and (user, item) pairs, never with the event count. Positions are stable forever, so both passes see the
/// same records.
/// </remarks>
internal sealed partial class EventLogDatasetReader
{
    private readonly EventLogReader log;

    /// <param name="log">The event log to read.</param>
    public EventLogDatasetReader(EventLogReader log)
    {
        ArgumentNullException.ThrowIfNull(log);
        this.log = log;
    }

    /// <summary>Reads the window and splits it per <see cref="TimeSplitter"/>.</summary>
    /// <param name="tenant">Whose events; other tenants' records are skipped.</param>
    /// <param name="template">The run's frozen template.</param>
    /// <param name="to">The window's end: only records ending at or before it are read.</param>
    /// <param name="split">The split options.</param>
    /// <param name="from">The window's start, a record boundary; default the start of the log.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="NeuronException">InvalidArgument for a bad tenant, template or options; FailedPrecondition
    /// (with the counts) when no signal passes its threshold, the passing signals fall short of the template's
    /// minimum, or the log ends before <paramref name="to"/>; DataLoss when the log is corrupt.</exception>
    public async Task<TrainEvalDataset> BuildAsync(
        string tenant, FrozenTemplate template, LogPosition to, SplitOptions split, LogPosition? from = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(split);
        if (TenantId.Validate(tenant) is { } rule)
        {
            NeuronException.ThrowInvalidArgument("tenant", rule);
        }

        template.EnsureValid();
        var start = from ?? LogPosition.Start;
        if (to < start)
        {
            NeuronException.ThrowInvalidArgument("to", $"the window end {to} is before its start {start}");
        }

        var (counts, eventsRead) = await CountSignalsAsync(tenant, template, start, to, cancellationToken);
        var (used, dropped) = Decide(tenant, template, counts, to);
        var passing = new HashSet<string>(used.Select(s => s.Type), StringComparer.Ordinal);
        var users = new IdVocabulary();
        var items = new IdVocabulary();
        var pairs = new PairAccumulator();
        await foreach (var e in ScopedEventsAsync(tenant, template, start, to, cancellationToken))
        {
            if (passing.Contains(e.Type))
            {
                pairs.Add(users.Intern(e.UserId), items.Intern(e.ItemId), template.Find(e.Type)!.Weight, e.TimestampMicros);
            }
        }

        var interactions = pairs.ToList();
        var (train, eval) = TimeSplitter.Split(interactions, items, split, users);
        var provenance = new SplitReport
        {
            Source = "event-log",
            Tenant = tenant,
            TemplateId = template.TemplateId,
            WindowFrom = start.Offset,
            WindowTo = to.Offset,
            Protocol = split.Protocol,
            EvalFraction = split.EvalFraction,
            MinUserInteractions = split.MinUserInteractions,
            SignalsUsed = used,
            SignalsDropped = dropped,
            EventsRead = eventsRead,
            EventsUsed = pairs.Events,
            DuplicatesMerged = pairs.Events - pairs.Count,
        };
        return DatasetAssembler.Assemble(users, items, train, eval, provenance);
    }

    private static (List<SignalStat> Used, List<SignalStat> Dropped) Decide(string tenant, FrozenTemplate template, Dictionary<string, long> counts, LogPosition to)
    {
        var used = new List<SignalStat>();
        var dropped = new List<SignalStat>();
        foreach (var s in template.Signals)
        {
            var stat = new SignalStat(s.Type, s.Weight, s.Threshold, counts[s.Type]);
            // A signal with no events contributes nothing even under a threshold of 0, so it counts as dropped.
            (stat.Events > 0 && stat.Events >= s.Threshold ? used : dropped).Add(stat);
        }

        var scope = $"template \"{template.TemplateId}\" in tenant \"{tenant}\" up to log position {to}"
            + (template.TagFilter is null ? string.Empty : $" with tag {template.TagFilter}");
        if (used.Count == 0)
        {
            throw NeuronException.FailedPrecondition(
                $"{scope}: no signal reaches its threshold ({string.Join(", ", dropped.Select(d => $"{d.Type}: {d.Events} events, threshold {d.Threshold}"))})");
        }

        var total = used.Sum(s => s.Events);
        if (total < template.MinTotalEvents)
        {
            throw NeuronException.FailedPrecondition(
                $"{scope}: the passing signals have {total} events ({string.Join(", ", used.Select(u => $"{u.Type}: {u.Events}"))}), "
                + $"below the template's minimum of {template.MinTotalEvents}");
        }

        return (used, dropped);
    }
}
