namespace NeuronEngine.Core.Tests;

/// <summary>Text the engine stores as UTF-8 must be valid Unicode: a lone surrogate would read back as U+FFFD.</summary>
public sealed class FieldRulesSurrogateTests
{
    [Fact]
    public void Validate_LoneSurrogate_Refused()
    {
        // Built at run time, in a fact: attribute arguments and serialized theory data travel as UTF-8, which would turn a
        // lone surrogate into U+FFFD before the test saw it.
        foreach (var text in new[] { "a" + (char)0xD800, (char)0xDC00 + "b", "x" + (char)0xDC00 + (char)0xD800 + "y" })
        {
            Assert.Equal(FieldRules.UnpairedSurrogate, FieldRules.ValidateId(text));
            Assert.Contains(FieldRules.UnpairedSurrogate, FieldRules.ValidateAttributeValue(text), StringComparison.Ordinal);
            Assert.Contains(FieldRules.UnpairedSurrogate, FieldRules.ValidateTag("surface:" + text), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_SurrogatePair_Accepted()
    {
        const string Emoji = "shoe-\uD83D\uDC5F";

        Assert.Null(FieldRules.ValidateId(Emoji));
        Assert.Null(FieldRules.ValidateAttributeValue(Emoji));
        Assert.Null(FieldRules.ValidateTag("surface:" + Emoji));
    }
}
