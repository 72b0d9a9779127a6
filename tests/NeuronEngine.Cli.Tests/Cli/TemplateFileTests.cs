using NeuronEngine.Cli.Input;
using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Cli;

public sealed class TemplateFileTests : IDisposable
{
    private readonly TempDirectory dir = new("cli-template");

    [Fact]
    public void Read_Yaml_MapsEveryField()
    {
        var template = TemplateFile.Read(Write("t.yaml", """
            id: home
            name: Home feed
            min_total_events: 1000
            tag_filter: surface:home
            signals:
              - type: purchase
                threshold: 100
              - type: click
                weight: 3
                threshold: 500
            """));
        Assert.Equal("home", template.TemplateId);
        Assert.Equal("Home feed", template.Name);
        Assert.Equal(1000, template.MinTotalEvents);
        Assert.Equal("surface:home", template.TagFilter);
        Assert.Equal(2, template.Signals.Count);
        Assert.False(template.Signals[0].HasWeight);
        Assert.Equal(100, template.Signals[0].Threshold);
        Assert.Equal(3, template.Signals[1].Weight);
    }

    [Fact]
    public void Read_JsonCamelCase_MapsEveryField()
    {
        var template = TemplateFile.Read(Write("t.json", """{"templateId":"x","name":"X","minTotalEvents":5,"signals":[{"type":"click","weight":2}]}"""));
        Assert.Equal("x", template.TemplateId);
        Assert.Equal(5, template.MinTotalEvents);
        Assert.Equal(2, Assert.Single(template.Signals).Weight);
    }

    [Theory]
    [InlineData("name: X\nsignals: [{type: click, weight: abc}]", "signals[0].weight: \"abc\" is not a whole number")]
    [InlineData("name: X\ncolour: red\nsignals: [{type: click}]", "colour: unknown field")]
    [InlineData("signals: [{type: click}]", "name: missing")]
    [InlineData("name: X", "signals: missing")]
    [InlineData("name: X\nsignals: click", "signals: must be a list")]
    [InlineData("name: X\nsignals: [{weight: 3}]", "signals[0].type: missing")]
    [InlineData("- just\n- a list", "one mapping")]
    [InlineData("name: [unclosed", "line ")]
    public void Read_Malformed_OneLineNamingTheField(string yaml, string expected)
    {
        var error = Assert.Throws<CliException>(() => TemplateFile.Read(Write("bad.yaml", yaml)));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.StartsWith("bad.yaml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose() => dir.Dispose();

    private string Write(string name, string text)
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
