using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NeuronEngine.EventLog.Tests;

/// <summary>Captures log lines so tests can assert what was logged.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));

    public IReadOnlyList<string> Named(string eventName) =>
        Entries.Where(e => e.EventId.Name == eventName).Select(e => e.Message).ToList();

    public IReadOnlyList<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> AtLeast(LogLevel level) =>
        Entries.Where(e => e.Level >= level).ToList();
}
