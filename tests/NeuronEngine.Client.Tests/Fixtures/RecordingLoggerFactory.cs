using Microsoft.Extensions.Logging;
using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests.Fixtures;

/// <summary>Hands every category the one <see cref="RecordingLogger"/>, for tests that assert what the SDK logged.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    public RecordingLogger Logger { get; } = new();

    public ILogger CreateLogger(string categoryName) => Logger;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
