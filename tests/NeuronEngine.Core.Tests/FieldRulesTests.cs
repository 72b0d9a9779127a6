using NeuronEngine.Core;

namespace NeuronEngine.Core.Tests;

public sealed class FieldRulesTests
{
    [Theory]
    [InlineData("u1")]
    [InlineData("user@example.com")]
    [InlineData("日本語のユーザー")]
    public void ValidateId_Valid_Null(string id) => Assert.Null(FieldRules.ValidateId(id));

    [Fact]
    public void ValidateId_Exactly256Bytes_Valid() => Assert.Null(FieldRules.ValidateId(new string('a', 256)));

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("a\nb", "control characters")]
    public void ValidateId_Invalid_NamesRule(string id, string rule) => Assert.Contains(rule, FieldRules.ValidateId(id), StringComparison.Ordinal);

    [Fact]
    public void ValidateId_257Bytes_TooLong() => Assert.Contains("at most 256 bytes", FieldRules.ValidateId(new string('a', 257)), StringComparison.Ordinal);

    [Fact]
    public void ValidateId_MultiByteOver256Bytes_TooLong()
    {
        // 129 two-byte characters: 129 chars but 258 bytes.
        Assert.Contains("at most 256 bytes", FieldRules.ValidateId(new string('é', 129)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("surface:home")]
    [InlineData("campaign.id:2024-black_friday")]
    [InlineData("a:ü")]
    public void ValidateTag_Valid_Null(string tag) => Assert.Null(FieldRules.ValidateTag(tag));

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("surface", "name:value")]
    [InlineData(":home", "name:value")]
    [InlineData("surface:", "name:value")]
    [InlineData("Surface:home", "tag name")]
    [InlineData("1surface:home", "tag name")]
    [InlineData("sur face:home", "tag name")]
    [InlineData("surface:home page", "whitespace")]
    public void ValidateTag_Invalid_NamesRule(string tag, string rule) => Assert.Contains(rule, FieldRules.ValidateTag(tag), StringComparison.Ordinal);

    [Fact]
    public void ValidateTag_ValueTooLong_Invalid() => Assert.Contains("too long", FieldRules.ValidateTag("a:" + new string('v', 129)), StringComparison.Ordinal);
}
