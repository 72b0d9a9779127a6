using NeuronEngine.Core;

namespace NeuronEngine.Core.Tests;

public sealed class TenantIdTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("shared")]
    [InlineData("acme-shop_eu")]
    [InlineData("0tenant")]
    public void Validate_Valid_Null(string tenant) => Assert.Null(TenantId.Validate(tenant));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("_acme")]
    [InlineData("acme shop")]
    [InlineData("acme/shop")]
    public void Validate_Invalid_Rule(string? tenant) => Assert.NotNull(TenantId.Validate(tenant));

    [Fact]
    public void Validate_65Characters_TooLong() => Assert.Contains("at most 64", TenantId.Validate(new string('a', 65)), StringComparison.Ordinal);
}
