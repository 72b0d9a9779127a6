using Microsoft.Extensions.Logging;

namespace NeuronEngine.Testing;

/// <summary>A logger that keeps each formatted line, for tests that assert what was logged.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (lines)
        {
            lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
