using System.CommandLine;
using NeuronEngine.Cli.Commands;

namespace NeuronEngine.Cli;

/// <summary>The <c>neuron</c> command line: builds the command tree and runs one command.</summary>
public static class NeuronCli
{
    /// <summary>Builds the root command writing to <paramref name="console"/>.</summary>
    public static RootCommand CreateRoot(CliConsole console)
    {
        var globals = new GlobalOptions();
        var app = new CliApp(globals, console);
        var root = new RootCommand("neuron: the NeuronEngine command line (exit codes: 0 ok, 1 refused by the engine, 2 bad usage, 3 engine unreachable, 4 partly done, 130 interrupted)");
        globals.AddTo(root);
        foreach (var command in CommandGroups.Create(app))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Runs the command line <paramref name="args"/>; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct = default)
    {
        var root = CreateRoot(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync($"neuron: {error.Message}");
            }

            await console.Error.WriteLineAsync("Run 'neuron --help' (or '<command> --help') for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        return await parse.InvokeAsync(invocation, ct);
    }
}
