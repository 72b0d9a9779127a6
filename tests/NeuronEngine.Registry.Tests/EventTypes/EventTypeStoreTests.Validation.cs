namespace NeuronEngine.Registry.Tests.EventTypes;

public abstract partial class EventTypeStoreTests
{
    [Theory]
    [InlineData("", "Click", 1, "type")]
    [InlineData("Click", "Click", 1, "type")]
    [InlineData("1click", "Click", 1, "type")]
    [InlineData("_click", "Click", 1, "type")]
    [InlineData("add-to-cart", "Click", 1, "type")]
    [InlineData("click\n", "Click", 1, "type")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234", "Click", 1, "type")]
    [InlineData("click", "", 1, "name")]
    [InlineData("click", "   ", 1, "name")]
    [InlineData("click", null, 1, "name")]
    [InlineData("click", "Click", 0, "weight")]
    [InlineData("click", "Click", 101, "weight")]
    [InlineData("click", "Click", -5, "weight")]
    public void Create_RuleBroken_ThrowsInvalidArgumentNamingField(string type, string? name, int weight, string field)
    {
        NeuronAssert.InvalidArgument(field, () => registry.EventTypes.Create(Tenant, type, name!, weight));

        Assert.Empty(registry.EventTypes.List(Tenant));
    }

    [Fact]
    public void Create_NameLongerThan128_ThrowsInvalidArgumentNamingName()
    {
        NeuronAssert.InvalidArgument("name", () => registry.EventTypes.Create(Tenant, "click", new string('n', 129), 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Acme")]
    [InlineData("-acme")]
    public void Create_InvalidTenant_ThrowsInvalidArgumentNamingTenant(string tenant)
    {
        NeuronAssert.InvalidArgument("tenant", () => registry.EventTypes.Create(tenant, "click", "Click", 1));
    }

    [Fact]
    public void Create_BoundaryValues_Accepted()
    {
        var type = "a" + new string('9', 63);

        var created = registry.EventTypes.Create(Tenant, type, new string('n', 128), 100);
        registry.EventTypes.Create(Tenant, "z", "Z", 1);

        Assert.Equal(type, created.Type);
        Assert.Equal(100, created.Weight);
        Assert.Equal([type, "z"], registry.EventTypes.List(Tenant).Select(t => t.Type));
    }

    [Theory]
    [InlineData("Click", "Tap", 7, "type")]
    [InlineData("click", "", 7, "name")]
    [InlineData("click", "Tap", 0, "weight")]
    [InlineData("click", "Tap", 101, "weight")]
    public void Update_RuleBroken_ThrowsInvalidArgumentNamingField(string type, string name, int weight, string field)
    {
        registry.EventTypes.Create(Tenant, "click", "Click", 3);

        NeuronAssert.InvalidArgument(field, () => registry.EventTypes.Update(Tenant, type, name, weight));

        Assert.Equal(3, registry.EventTypes.Get(Tenant, "click").Weight);
    }
}
