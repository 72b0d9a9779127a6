using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NeuronEngine.Testing;

/// <summary>A logger that keeps every entry, for tests that assert what was logged.</summary>
public class RecordingLogger : ILogger
{
    /// <summary>Every entry in order: level, event id, formatted message, exception.</summary>
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> Entries { get; } = new();

    /// <summary>Every entry as (level, event name, message with the exception text appended).</summary>
    public IReadOnlyList<(LogLevel Level, string Name, string Message)> Lines =>
        [.. Entries.Select(e => (e.Level, e.EventId.Name ?? string.Empty, e.Exception is null ? e.Message : $"{e.Message} | {e.Exception}"))];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));
    }

    /// <summary>The messages of the entries with this event name.</summary>
    public IReadOnlyList<string> Named(string eventName) => [.. Entries.Where(e => e.EventId.Name == eventName).Select(e => e.Message)];

    /// <summary>The entries at or above <paramref name="level"/>.</summary>
    public IReadOnlyList<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> AtLeast(LogLevel level) => [.. Entries.Where(e => e.Level >= level)];
}

/// <summary>The typed form, for components that take an <see cref="ILogger{TCategoryName}"/>.</summary>
public sealed class RecordingLogger<T> : RecordingLogger, ILogger<T>;
