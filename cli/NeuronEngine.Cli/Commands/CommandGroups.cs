using System.CommandLine;
using NeuronEngine.Cli.Commands.EventTypes;

namespace NeuronEngine.Cli.Commands;

/// <summary>Every top-level command, in the order <c>neuron --help</c> lists them.</summary>
internal static class CommandGroups
{
    public static IEnumerable<Command> Create(CliApp app)
    {
        yield return EventTypeCommands.Create(app);
    }
}
