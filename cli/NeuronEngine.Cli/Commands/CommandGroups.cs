using System.CommandLine;
using NeuronEngine.Cli.Commands.EventTypes;

namespace NeuronEngine.Cli.Commands;

/// <summary>Every top-level command, in the order <c>neuron --help</c> lists them.</summary>
internal static class CommandGroups
{
    public static IEnumerable<Command> Create(CliApp app)
    {
        yield return EventTypeCommands.Create(app);
        yield return Events.EventCommands.Create(app);
        yield return Catalog.CatalogCommands.Create(app);
        yield return Templates.TemplateCommands.Create(app);
        yield return Models.ModelCommands.Create(app);
        yield return Recommend.RecommendCommands.Recommend(app);
        yield return Recommend.RecommendCommands.Similar(app);
        yield return Training.TrainCommands.Create(app);
        yield return Training.RunCommands.Create(app);
        yield return Training.DatasetCommands.Create(app);
        yield return Admin.AdminCommands.Create(app);
        yield return Keys.KeyCommands.Create(app);
        yield return Health.HealthCommand.Create(app);
        yield return Demo.DemoCommand.Create(app);
    }
}
