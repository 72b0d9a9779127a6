using System.CommandLine;

namespace NeuronEngine.Cli;

/// <summary>
/// What command groups are built from: the global options and the console. <see cref="Command(string, string, Func{CliContext, CancellationToken, Task{int}})"/>
/// makes a leaf command whose action gets a <see cref="CliContext"/> and whose failures become one line and an exit code.
/// </summary>
public sealed class CliApp(GlobalOptions globals, CliConsole console)
{
    /// <summary>The global options.</summary>
    public GlobalOptions Globals { get; } = globals;

    /// <summary>The console.</summary>
    public CliConsole Console { get; } = console;

    /// <summary>A leaf command running <paramref name="action"/>; add its options and arguments to the returned command.</summary>
    public Command Command(string name, string description, Func<CliContext, CancellationToken, Task<int>> action)
    {
        var command = new Command(name, description);
        command.SetAction((parse, ct) => RunAsync(parse, action, ct));
        return command;
    }

    /// <summary>A group of subcommands (no action of its own: running it alone prints its help).</summary>
    public static Command Group(string name, string description, params Command[] children)
    {
        var group = new Command(name, description);
        foreach (var child in children)
        {
            group.Subcommands.Add(child);
        }

        return group;
    }

    private async Task<int> RunAsync(ParseResult parse, Func<CliContext, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        using var context = new CliContext(parse, Globals, Console);
        try
        {
            return await action(context, ct);
        }
        catch (Exception ex) when (CliErrors.TryDescribe(ex, context.Endpoint, ct, out var line, out var exitCode))
        {
            await Console.Error.WriteLineAsync($"neuron: {line}");
            return exitCode;
        }
    }
}
