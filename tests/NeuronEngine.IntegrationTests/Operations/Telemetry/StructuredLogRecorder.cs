using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NeuronEngine.IntegrationTests.Operations.Telemetry;

/// <summary>A logger provider that keeps every entry with its structured fields, as a JSON console or a log shipper sees them.</summary>
public sealed class StructuredLogRecorder : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <summary>The entries with this event name.</summary>
    public IReadOnlyList<Entry> Named(string eventName) => [.. Entries.Where(e => e.EventId.Name == eventName)];

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields);

    private sealed class Recorder(StructuredLogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : [];
            owner.Entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), fields));
        }
    }
}
