using NeuronEngine.Core;

namespace NeuronEngine.Core.Tests;

public sealed class TemplateRulesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(100)]
    public void ValidateWeight_OneToHundred_Null(int weight) => Assert.Null(TemplateRules.ValidateWeight(weight));

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-5)]
    public void ValidateWeight_OutsideOneToHundred_NamesRange(int weight) =>
        Assert.Equal($"must be between 1 and 100, not {weight}", TemplateRules.ValidateWeight(weight));

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000L)]
    public void ValidateThresholdAndMinTotal_ZeroOrMore_Null(long value)
    {
        Assert.Null(TemplateRules.ValidateThreshold(value));
        Assert.Null(TemplateRules.ValidateMinTotalEvents(value));
    }

    [Fact]
    public void ValidateThresholdAndMinTotal_Negative_NamesRule()
    {
        Assert.Equal("must be at least 0, not -1", TemplateRules.ValidateThreshold(-1));
        Assert.Equal("must be at least 0, not -2", TemplateRules.ValidateMinTotalEvents(-2));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("surface:home")]
    public void ValidateTagFilter_EmptyOrTag_Null(string? tag) => Assert.Null(TemplateRules.ValidateTagFilter(tag));

    [Fact]
    public void ValidateTagFilter_NotNameValue_NamesRule() =>
        Assert.Contains("name:value", TemplateRules.ValidateTagFilter("nocolon"), StringComparison.Ordinal);

    [Theory]
    [InlineData("home")]
    [InlineData("0-feed_2")]
    public void ValidateTemplateId_Valid_Null(string id) => Assert.Null(TemplateRules.ValidateTemplateId(id));

    [Theory]
    [InlineData("")]
    [InlineData("Home")]
    [InlineData("-home")]
    [InlineData("home\n")]
    public void ValidateTemplateId_Invalid_NamesRule(string id) => Assert.NotNull(TemplateRules.ValidateTemplateId(id));

    [Theory]
    [InlineData("")]
    [InlineData("Click")]
    [InlineData("1click")]
    [InlineData("add-to-cart")]
    public void ValidateEventType_Invalid_NamesRule(string type) => Assert.NotNull(TemplateRules.ValidateEventType(type));

    [Fact]
    public void ValidateFrozen_Valid_Empty() =>
        Assert.Empty(TemplateRules.ValidateFrozen("home", [new("click", 1, 0), new("purchase", 100, 3)], 0, "surface:home"));

    [Fact]
    public void ValidateFrozen_EveryRuleBroken_ListsEveryFieldInOrder()
    {
        var errors = TemplateRules.ValidateFrozen(
            "", [new("click", 0, -1), new("click", 101, 0), new("view", null, 0), new("Bad", 5, 0)], -2, "nocolon");

        Assert.Equal(
            ["template_id", "signals[0].weight", "signals[0].threshold", "signals[1].type", "signals[1].weight", "signals[2].weight", "signals[3].type", "min_total_events", "tag_filter"],
            errors.Select(e => e.Field));
        Assert.Equal("signals[1].type: event type \"click\" is already in signals[0]", errors[3].ToString());
        Assert.Equal("must be set", errors[5].Rule);
    }

    [Fact]
    public void ValidateFrozen_NoSignals_NamesSignals() =>
        Assert.Equal([new FieldError("signals", "must name at least one event type")], TemplateRules.ValidateFrozen("home", [], 0, null));

    [Fact]
    public void ValidateContent_DraftWeightUnset_Valid() =>
        Assert.Empty(TemplateRules.ValidateContent([new("click", null, 0)], 0, null, weightsRequired: false));
}
