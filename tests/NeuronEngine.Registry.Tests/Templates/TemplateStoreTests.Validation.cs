using NeuronEngine.Registry.Templates;

namespace NeuronEngine.Registry.Tests.Templates;

public abstract partial class TemplateStoreTests
{
    [Theory]
    [InlineData("id uppercase", "template_id")]
    [InlineData("id leading dash", "template_id")]
    [InlineData("id 65 chars", "template_id")]
    [InlineData("id trailing newline", "template_id")]
    [InlineData("name empty", "name")]
    [InlineData("name 129 chars", "name")]
    [InlineData("no signals", "signals")]
    [InlineData("signal type malformed", "signals[1].type")]
    [InlineData("signal type twice", "signals[2].type")]
    [InlineData("signal type unknown", "signals[1].type")]
    [InlineData("signal weight 0", "signals[0].weight")]
    [InlineData("signal weight 101", "signals[1].weight")]
    [InlineData("signal threshold negative", "signals[0].threshold")]
    [InlineData("min_total_events negative", "min_total_events")]
    [InlineData("tag_filter without colon", "tag_filter")]
    [InlineData("tag_filter uppercase name", "tag_filter")]
    [InlineData("tag_filter whitespace value", "tag_filter")]
    public void Create_RuleBroken_ThrowsInvalidArgumentNamingField(string rule, string field)
    {
        var spec = Broken(rule);

        NeuronAssert.InvalidArgument(field, () => registry.Templates.Create(Tenant, spec));

        Assert.Empty(registry.Templates.List(Tenant));
    }

    [Fact]
    public void Create_UnknownEventType_SaysWhichType()
    {
        var ex = NeuronAssert.InvalidArgument("signals[1].type", () => registry.Templates.Create(Tenant, Broken("signal type unknown")));

        Assert.Equal("unknown event type \"zap\"", ex.Rule);
    }

    [Theory]
    [InlineData("template_id")]
    [InlineData("name")]
    [InlineData("signals[0].threshold")]
    public void Update_RuleBroken_ThrowsInvalidArgumentNamingField(string field)
    {
        registry.Templates.Create(Tenant, Valid());
        var spec = field switch
        {
            "template_id" => Valid() with { TemplateId = "" },
            "name" => Valid() with { Name = "" },
            _ => Valid() with { Signals = [new SignalSpec("click", null, -1)] },
        };

        NeuronAssert.InvalidArgument(field, () => registry.Templates.Update(Tenant, spec));
    }

    private static TemplateSpec Broken(string rule)
    {
        var two = new SignalSpec[] { new("click", null, 0), new("purchase", null, 0) };
        return rule switch
        {
            "id uppercase" => Valid() with { TemplateId = "Home" },
            "id leading dash" => Valid() with { TemplateId = "-home" },
            "id 65 chars" => Valid() with { TemplateId = new string('h', 65) },
            "id trailing newline" => Valid() with { TemplateId = "home\n" },
            "name empty" => Valid() with { Name = "" },
            "name 129 chars" => Valid() with { Name = new string('n', 129) },
            "no signals" => Valid() with { Signals = [] },
            "signal type malformed" => Valid() with { Signals = [two[0], new("Purchase", null, 0)] },
            "signal type twice" => Valid() with { Signals = [.. two, new("click", 5, 0)] },
            "signal type unknown" => Valid() with { Signals = [two[0], new("zap", null, 0)] },
            "signal weight 0" => Valid() with { Signals = [new("click", 0, 0)] },
            "signal weight 101" => Valid() with { Signals = [two[0], new("purchase", 101, 0)] },
            "signal threshold negative" => Valid() with { Signals = [new("click", null, -1)] },
            "min_total_events negative" => Valid() with { MinTotalEvents = -1 },
            "tag_filter without colon" => Valid() with { TagFilter = "home" },
            "tag_filter uppercase name" => Valid() with { TagFilter = "Surface:home" },
            "tag_filter whitespace value" => Valid() with { TagFilter = "surface:home page" },
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "no such case"),
        };
    }
}
