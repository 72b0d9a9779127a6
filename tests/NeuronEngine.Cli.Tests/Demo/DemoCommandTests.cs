using System.Text.RegularExpressions;
using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Demo;

[Collection(CliCollection.Name)]
public sealed partial class DemoCommandTests(CliEngine engine)
{
    [Fact]
    public async Task Demo_SmallShop_TrainsPromotesAndTheNewEventChangesOnlyThatUsersList()
    {
        var tenant = CliEngine.NewTenant();
        var result = (await engine.RunAsync(tenant, "demo", "--users", "300", "--items", "96", "--events", "9000", "--epochs", "1", "--seed", "3")).Ok();
        var output = result.Out;

        Assert.Contains($"tenant {tenant}", output, StringComparison.Ordinal);
        foreach (var step in new[] { "[1/7] Event types", "[2/7] Catalog: 96 items", "[3/7] Events: 9,000", "[4/7] Template", "[5/7] Training", "[6/7] Approving and promoting", "[7/7] Recommendations" })
        {
            Assert.Contains(step, output, StringComparison.Ordinal);
        }

        Assert.Contains("epoch 1/1", output, StringComparison.Ordinal);
        Assert.Contains("production serves demo-home-feed v1", output, StringComparison.Ordinal);

        var sections = Sections(output);
        Assert.Equal(4, sections.Count);
        var (changedBefore, unchangedBefore, changedAfter, unchangedAfter) = (sections[0], sections[1], sections[2], sections[3]);
        Assert.Equal(10, changedBefore.Count);
        Assert.Equal(10, changedAfter.Count);
        Assert.NotEqual(changedBefore, changedAfter);
        Assert.Equal(unchangedBefore, unchangedAfter);

        var bought = NewEvent().Match(output);
        Assert.True(bought.Success, output);
        Assert.DoesNotContain(bought.Groups["item"].Value, changedAfter);
        Assert.Contains("Done in ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_TooFewItems_IsUsageErrorNamingTheOption()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "demo", "--items", "10");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--items", result.Error, StringComparison.Ordinal);
    }

    /// <summary>The item ids of each recommendation table, in order: rows are "rank item title …".</summary>
    private static List<List<string>> Sections(string output)
    {
        var sections = new List<List<string>>();
        foreach (var line in output.Split('\n'))
        {
            if (line.Contains(" — before", StringComparison.Ordinal) || line.Contains(" — after", StringComparison.Ordinal))
            {
                sections.Add([]);
            }
            else if (sections.Count > 0 && Row().Match(line) is { Success: true } row)
            {
                sections[^1].Add(row.Groups["item"].Value);
            }
        }

        return sections;
    }

    [GeneratedRegex(@"^\s*\d+\s+(?<item>[a-z]+-\d{4})\s")]
    private static partial Regex Row();

    [GeneratedRegex(@"New event: \S+ buys (?<item>[a-z]+-\d{4})")]
    private static partial Regex NewEvent();
}
