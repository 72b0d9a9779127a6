using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Admin;

[Collection(CliCollection.Name)]
public sealed class AdminCommandsTests(CliEngine engine)
{
    [Fact]
    public async Task Backup_Named_WritesTheFolderAndReportsItsPosition()
    {
        var tenant = CliEngine.NewTenant();
        (await engine.RunAsync(tenant, "event-types", "create", "click", "--weight", "3")).Ok();
        var name = $"cli-{Guid.NewGuid():N}";

        var json = (await engine.RunAsync(tenant, "admin", "backup", name, "-o", "json")).Ok().Json();

        var directory = json.GetProperty("directory").GetString()!;
        Assert.Equal(Path.Combine(engine.DataDir, "backups", name), directory);
        Assert.True(File.Exists(Path.Combine(directory, "backup.json")));
        Assert.True(File.Exists(Path.Combine(directory, "registry.db")));
        Assert.True(long.Parse(json.GetProperty("logPosition").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public async Task Backup_TableOutput_SaysWhereAndHowToRestore()
    {
        var result = (await engine.RunAsync(CliEngine.NewTenant(), "admin", "backup", $"cli-{Guid.NewGuid():N}")).Ok();
        Assert.Contains("written to", result.Out, StringComparison.Ordinal);
        Assert.Contains("--data-dir", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_SameNameTwice_SecondExitsRefusedWithAlreadyExists()
    {
        var tenant = CliEngine.NewTenant();
        var name = $"cli-{Guid.NewGuid():N}";
        (await engine.RunAsync(tenant, "admin", "backup", name)).Ok();

        var again = await engine.RunAsync(tenant, "admin", "backup", name);

        Assert.Equal(ExitCodes.Refused, again.ExitCode);
        Assert.StartsWith("neuron: ALREADY_EXISTS: ", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_BadName_ExitsRefusedNamingTheField()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "admin", "backup", "../escape");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: INVALID_ARGUMENT: name", result.Error, StringComparison.Ordinal);
    }
}
