using Microsoft.Extensions.Logging;

namespace NeuronEngine.Counters.Tests.Support;

/// <summary>Keeps every log line so tests can check what was reported.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Name, string Message)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Name, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((logLevel, eventId.Name ?? string.Empty, formatter(state, exception) + (exception is null ? string.Empty : " | " + exception)));
        }
    }
}
