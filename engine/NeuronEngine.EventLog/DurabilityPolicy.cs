using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

/// <summary>
/// The event log's durability policy, written in configuration as <c>always</c>, <c>interval:&lt;ms&gt;</c>
/// or <c>none</c>. <see cref="ToString"/> gives back that text.
/// </summary>
public readonly record struct DurabilityPolicy
{
    /// <summary>The longest fsync interval accepted, in milliseconds.</summary>
    public const int MaxIntervalMilliseconds = 60_000;

    private const string IntervalPrefix = "interval:";

    private DurabilityPolicy(DurabilityMode mode, TimeSpan interval)
    {
        Mode = mode;
        Interval = interval;
    }

    /// <summary>fsync before every acknowledgement (the default).</summary>
    public static DurabilityPolicy Always => default;

    /// <summary>Never fsync on the write path; only at segment roll and close.</summary>
    public static DurabilityPolicy None => new(DurabilityMode.None, TimeSpan.Zero);

    /// <summary>How appends are acknowledged.</summary>
    public DurabilityMode Mode { get; }

    /// <summary>For <see cref="DurabilityMode.Interval"/>, the longest time written data may wait for an fsync; otherwise zero.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Acknowledge after the write; fsync at most <paramref name="milliseconds"/> later.</summary>
    public static DurabilityPolicy EveryInterval(int milliseconds)
    {
        if (milliseconds is < 1 or > MaxIntervalMilliseconds)
        {
            throw NeuronException.InvalidArgument("milliseconds", $"must be between 1 and {MaxIntervalMilliseconds}");
        }

        return new DurabilityPolicy(DurabilityMode.Interval, TimeSpan.FromMilliseconds(milliseconds));
    }

    /// <summary>Parses <c>always</c>, <c>interval:&lt;ms&gt;</c> (1–60000) or <c>none</c>, ignoring case and surrounding spaces.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out DurabilityPolicy policy) => TryParse(text, out policy, out _);

    /// <summary>Parses the policy, or throws <see cref="ErrorKind.InvalidArgument"/> naming the accepted forms.</summary>
    public static DurabilityPolicy Parse(string? text, string field = "EventLog:Durability")
    {
        if (!TryParse(text, out var policy, out var error))
        {
            throw NeuronException.InvalidArgument(field, error);
        }

        return policy;
    }

    /// <summary>Like <see cref="TryParse(string?, out DurabilityPolicy)"/>, also returning why the text was refused.</summary>
    public static bool TryParse(string? text, out DurabilityPolicy policy, [NotNullWhen(false)] out string? error)
    {
        policy = default;
        var value = text?.Trim() ?? string.Empty;
        if (value.Equals("always", StringComparison.OrdinalIgnoreCase))
        {
            error = null;
            return true;
        }

        if (value.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            policy = None;
            error = null;
            return true;
        }

        if (value.StartsWith(IntervalPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var number = value.AsSpan(IntervalPrefix.Length);
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is >= 1 and <= MaxIntervalMilliseconds)
            {
                policy = new DurabilityPolicy(DurabilityMode.Interval, TimeSpan.FromMilliseconds(ms));
                error = null;
                return true;
            }

            error = $"\"{value}\": the interval must be a whole number of milliseconds between 1 and {MaxIntervalMilliseconds} (interval:50)";
            return false;
        }

        error = $"\"{value}\" must be \"always\", \"interval:<ms>\" or \"none\"";
        return false;
    }

    /// <summary>The configuration form: <c>always</c>, <c>interval:50</c> or <c>none</c>.</summary>
    public override string ToString() => Mode switch
    {
        DurabilityMode.Interval => IntervalPrefix + ((long)Interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        DurabilityMode.None => "none",
        _ => "always",
    };
}
