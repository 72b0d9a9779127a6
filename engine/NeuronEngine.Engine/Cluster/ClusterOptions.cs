using System.Globalization;
using NeuronEngine.Core;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// Cluster mode: several replicas of the engine sharing nothing but Redis. Bound from the <c>Cluster</c> section;
/// <c>--cluster redis=HOST:PORT[,HOST:PORT…]</c> sets <see cref="Redis"/>. Empty <see cref="Redis"/> (the default) is
/// single-node mode: the file event log and SQLite.
/// </summary>
public sealed class ClusterOptions : IValidatedOptions
{
    public const string SectionName = "Cluster";

    private static readonly System.Buffers.SearchValues<char> NotInPrefix = System.Buffers.SearchValues.Create("{}: \t\r\n");

    /// <summary>
    /// A StackExchange.Redis configuration string: endpoints, and options such as <c>password=…</c>, <c>user=…</c>,
    /// <c>ssl=true</c>, <c>sslHost=…</c>. Empty: single-node mode.
    /// </summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>Starts every key the engine writes (and names the control plane's hash tag), so several engines can share one Redis. Default <c>neuron</c>.</summary>
    public string KeyPrefix { get; set; } = "neuron";

    /// <summary>This replica's name in Redis (heartbeats, stream checkpoints). Default: made at first start and kept in <c>&lt;data-dir&gt;/replica.id</c>.</summary>
    public string? ReplicaId { get; set; }

    /// <summary>Redis replicas that must acknowledge an event batch (<c>WAIT</c>) before the engine acknowledges it. Default 0.</summary>
    public int WaitReplicas { get; set; }

    /// <summary>How long <c>WAIT</c> waits for <see cref="WaitReplicas"/>. Default 1 s.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a replica reads every stream even without a notification (a missed pub/sub message costs at most this). Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a replica reports itself alive, with the versions it serves. Default 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A replica whose heartbeat is older than this is no longer counted live. Default 10 s; more than <see cref="HeartbeatInterval"/>.</summary>
    public TimeSpan HeartbeatTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long Redis remembers an event id to answer a repeat as a duplicate (kept between one and two windows, in
    /// RAM: about 60 bytes per id). Default 1 hour. A repeat older than this is appended again, and every replica's
    /// counters still skip it within <c>Counters:DedupWindow</c> (all apply the same stream in the same order), so
    /// only the response's <c>accepted</c> count and the training data see it.
    /// </summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long event batches stay in the streams; zero (the default) keeps them for ever. Trimming never passes a
    /// cursor a replica checkpointed within <see cref="ReplicaRetention"/>. A replica that joins later rebuilds its
    /// counters from what is left, and training runs read what is left: docs/operations.md, "Cluster".
    /// </summary>
    public TimeSpan RetainEvents { get; set; }

    /// <summary>A replica whose last checkpoint is older than this no longer holds trimming back (it rebuilds when it returns). Default 7 days.</summary>
    public TimeSpan ReplicaRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each replica trims the streams when <see cref="RetainEvents"/> is set. Default 5 minutes.</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when <see cref="Redis"/> is set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>Whether the configuration asks for cluster mode (read before the options are bound).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?[$"{SectionName}:{nameof(Redis)}"]);

    /// <summary>The configuration StackExchange.Redis connects with: <see cref="Redis"/>, never aborting on a Redis that is down at start.</summary>
    public ConfigurationOptions ToRedisConfiguration()
    {
        var configuration = ConfigurationOptions.Parse(Redis);
        configuration.AbortOnConnectFail = false;

        // While Redis is unreachable a call fails at once (ingest answers UNAVAILABLE and the client retries with the
        // same event ids) instead of waiting in the multiplexer's backlog for a reconnect that may be far off.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "neuron-engine";
        return configuration;
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Enabled)
        {
            try
            {
                if (ConfigurationOptions.Parse(Redis).EndPoints.Count == 0)
                {
                    errors.Add($"{SectionName}:Redis names no endpoint (expected HOST:PORT[,HOST:PORT…], got \"{Redis}\")");
                }
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{SectionName}:Redis is not a Redis configuration string: {ex.Message}");
            }
        }

        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Length > 64 || KeyPrefix.AsSpan().IndexOfAny(NotInPrefix) >= 0)
        {
            errors.Add($"{SectionName}:KeyPrefix must be 1-64 characters without braces, colons or spaces (got \"{KeyPrefix}\")");
        }

        if (ReplicaId is { } id && (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add($"{SectionName}:ReplicaId must be 1-64 letters, digits, '-', '_' or '.' (got \"{id}\")");
        }

        if (ReplicaId is { } reserved && reserved.StartsWith(Events.ClusterEventLog.SnapshotHoldPrefix, StringComparison.Ordinal))
        {
            errors.Add($"{SectionName}:ReplicaId must not start with \"{Events.ClusterEventLog.SnapshotHoldPrefix}\" (names of training snapshots' holds on trimming; got \"{reserved}\")");
        }

        if (WaitReplicas is < 0 or > 16)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:WaitReplicas must be 0-16 (got {WaitReplicas})"));
        }

        if (RetainEvents != TimeSpan.Zero)
        {
            Check(errors, nameof(RetainEvents), RetainEvents, TimeSpan.FromSeconds(1), TimeSpan.FromDays(36500));
        }

        Check(errors, nameof(TrimInterval), TrimInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));

        Check(errors, nameof(DedupWindow), DedupWindow, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        Check(errors, nameof(ReplicaRetention), ReplicaRetention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        Check(errors, nameof(WaitTimeout), WaitTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        Check(errors, nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Check(errors, nameof(HeartbeatInterval), HeartbeatInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Check(errors, nameof(HeartbeatTtl), HeartbeatTtl, HeartbeatInterval + HeartbeatInterval, TimeSpan.FromMinutes(10));
        return errors;
    }

    private static void Check(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{name} must be {min}-{max} (got {value})"));
        }
    }
}
