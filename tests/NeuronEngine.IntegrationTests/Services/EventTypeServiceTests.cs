using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;

namespace NeuronEngine.IntegrationTests.Services;

public sealed class EventTypeServiceTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task CreateGetListUpdateDelete_RoundTrip_ReflectsEachChange()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var created = await c.EventTypes.CreateEventTypeAsync(new EventType { Type = "click", Name = "Click", Weight = 5 }).Within();
        Assert.Equal(("click", "Click", 5), (created.Type, created.Name, created.Weight));
        Assert.NotNull(created.Created);

        await c.EventTypes.CreateEventTypeAsync(new EventType { Type = "add_to_cart", Name = "Add to cart", Weight = 20 }).Within();
        var updated = await c.EventTypes.UpdateEventTypeAsync(new EventType { Type = "click", Name = "Clicked", Weight = 7 }).Within();
        Assert.Equal(("Clicked", 7), (updated.Name, updated.Weight));
        Assert.Equal(7, (await c.EventTypes.GetEventTypeAsync(new GetEventTypeRequest { Type = "click" }).Within()).Weight);

        var list = await c.EventTypes.ListEventTypesAsync(new ListEventTypesRequest()).Within();
        Assert.Equal(["add_to_cart", "click"], list.EventTypes.Select(t => t.Type));

        await c.EventTypes.DeleteEventTypeAsync(new DeleteEventTypeRequest { Type = "click" }).Within();
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => c.EventTypes.GetEventTypeAsync(new GetEventTypeRequest { Type = "click" }).ResponseAsync, "click");
    }

    [Fact]
    public async Task Create_Duplicate_AlreadyExists()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await c.EventTypes.CreateEventTypeAsync(new EventType { Type = "view", Name = "View", Weight = 1 }).Within();
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists,
            () => c.EventTypes.CreateEventTypeAsync(new EventType { Type = "view", Name = "Again", Weight = 2 }).ResponseAsync, "view");
    }

    [Theory]
    [InlineData("Click", "Click", 5, "type:")]
    [InlineData("1click", "Click", 5, "type:")]
    [InlineData("", "Click", 5, "type:")]
    [InlineData("click", "", 5, "name:")]
    [InlineData("click", "Click", 0, "weight:")]
    [InlineData("click", "Click", 101, "weight:")]
    public async Task Create_BreaksRule_InvalidArgumentNamingField(string type, string name, int weight, string field)
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => c.EventTypes.CreateEventTypeAsync(new EventType { Type = type, Name = name, Weight = weight }).ResponseAsync, field);
    }

    [Fact]
    public async Task Update_Unknown_NotFound()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => c.EventTypes.UpdateEventTypeAsync(new EventType { Type = "nope", Name = "Nope", Weight = 3 }).ResponseAsync, "nope");
    }

    [Fact]
    public async Task Delete_UsedByPublishedTemplate_FailedPreconditionNamingTemplate()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await c.EventTypes.CreateEventTypeAsync(new EventType { Type = "purchase", Name = "Purchase", Weight = 50 }).Within();
        var template = new Template { TemplateId = "buyers", Name = "Buyers" };
        template.Signals.Add(new Signal { Type = "purchase", Threshold = 1 });
        await c.Templates.CreateTemplateAsync(template).Within();

        // A Draft does not hold the type; publishing does.
        await c.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = "buyers" }).Within();
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => c.EventTypes.DeleteEventTypeAsync(new DeleteEventTypeRequest { Type = "purchase" }).ResponseAsync, "buyers");
        Assert.Equal(50, (await c.EventTypes.GetEventTypeAsync(new GetEventTypeRequest { Type = "purchase" }).Within()).Weight);
    }

    [Fact]
    public async Task Create_InSharedTenant_PermissionDenied()
    {
        using var c = engine.Clients("shared");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied,
            () => c.EventTypes.CreateEventTypeAsync(new EventType { Type = "click", Name = "Click", Weight = 5 }).ResponseAsync, "shared");
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("-leading")]
    public async Task AnyCall_MalformedTenant_InvalidArgumentNamingHeader(string tenant)
    {
        using var c = engine.Clients(tenant);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => c.EventTypes.ListEventTypesAsync(new ListEventTypesRequest()).ResponseAsync, "x-tenant");
    }

    [Fact]
    public async Task Calls_WithoutTenant_UseDefaultTenant()
    {
        using var none = engine.Clients(null);
        using var explicitDefault = engine.Clients("default");
        var type = "t" + Guid.NewGuid().ToString("N")[..12];
        await none.EventTypes.CreateEventTypeAsync(new EventType { Type = type, Name = "Default", Weight = 9 }).Within();
        Assert.Equal(9, (await explicitDefault.EventTypes.GetEventTypeAsync(new GetEventTypeRequest { Type = type }).Within()).Weight);
    }
}
