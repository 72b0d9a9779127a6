using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Tests.Models;

public sealed class FamilyRefTests
{
    [Theory]
    [InlineData("acme", "recs", "acme", "recs", "recs")]
    [InlineData("acme", "shared/base", "shared", "base", "shared/base")]
    [InlineData("acme", "0-a_b", "acme", "0-a_b", "0-a_b")]
    [InlineData("shared", "base", "shared", "base", "shared/base")]
    [InlineData("shared", "shared/base", "shared", "base", "shared/base")]
    [InlineData("acme", "shared", "acme", "shared", "shared")]
    public void Parse_Valid_GivesOwnerAndNameAndRoundTrips(string caller, string text, string owner, string name, string formatted)
    {
        var family = FamilyRef.Parse(caller, text);

        Assert.Equal(new FamilyRef(owner, name), family);
        Assert.Equal(formatted, family.ToString());
        Assert.Equal(family, FamilyRef.Parse(caller, family.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Recs")]
    [InlineData("-recs")]
    [InlineData("recs\n")]
    [InlineData("globex/recs")]
    [InlineData("shared/")]
    [InlineData("shared/Base")]
    [InlineData("shared/a/b")]
    [InlineData("/recs")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234")]
    public void Parse_Invalid_ThrowsInvalidArgumentNamingFamily(string? text)
    {
        NeuronAssert.InvalidArgument("family", () => FamilyRef.Parse("acme", text));
    }

    [Fact]
    public void Parse_InvalidCaller_ThrowsInvalidArgumentNamingTenant()
    {
        NeuronAssert.InvalidArgument("tenant", () => FamilyRef.Parse("Acme", "recs"));
    }

    [Fact]
    public void IsShared_OnlyForSharedOwner()
    {
        Assert.True(new FamilyRef("shared", "base").IsShared);
        Assert.False(new FamilyRef("acme", "base").IsShared);
    }
}
