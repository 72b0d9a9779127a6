using System.Text.RegularExpressions;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Operations.Readiness;

/// <summary>Waits for lines an engine process prints while it starts.</summary>
public static partial class EngineLines
{
    /// <summary>The port from "accepting calls on …", printed as soon as the server listens, before recovery ends.</summary>
    public static async Task<int> WaitForAcceptingAsync(EngineProcess engine, TimeSpan timeout)
    {
        var line = await WaitForAsync(engine, l => AcceptingLine().IsMatch(l), timeout);
        return int.Parse(AcceptingLine().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<string> WaitForAsync(EngineProcess engine, Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (engine.Lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"the engine did not print the line in {timeout}:\n{string.Join('\n', engine.Lines)}");
    }

    [GeneratedRegex(@"accepting calls on http://[^:,\s]+:(\d+)")]
    private static partial Regex AcceptingLine();
}
