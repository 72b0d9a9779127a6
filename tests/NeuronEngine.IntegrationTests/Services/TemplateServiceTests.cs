using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;

namespace NeuronEngine.IntegrationTests.Services;

public sealed class TemplateServiceTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static Template Draft(string id, params (string Type, int? Weight, long Threshold)[] signals)
    {
        var t = new Template { TemplateId = id, Name = "Template " + id, MinTotalEvents = 10 };
        foreach (var (type, weight, threshold) in signals)
        {
            var s = new Signal { Type = type, Threshold = threshold };
            if (weight is { } w)
            {
                s.Weight = w;
            }

            t.Signals.Add(s);
        }

        return t;
    }

    [Fact]
    public async Task CreatePublish_SignalWeightDefaultsToTypeWeightAndFreezes()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await Seed.EventTypesAsync(c);
        var created = await c.Templates.CreateTemplateAsync(Draft("shop", ("click", null, 5), ("purchase", 80, 1))).Within();
        Assert.Equal(TemplateStatus.Draft, created.Status);
        Assert.Equal([5, 80], created.Signals.Select(s => s.Weight));

        var published = await c.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = "shop" }).Within();
        Assert.Equal(TemplateStatus.Published, published.Status);
        Assert.NotNull(published.Published);

        // A later change of the type's weight does not change what a published template trains with.
        await c.EventTypes.UpdateEventTypeAsync(new EventType { Type = "click", Name = "click", Weight = 9 }).Within();
        var fetched = await c.Templates.GetTemplateAsync(new GetTemplateRequest { TemplateId = "shop" }).Within();
        Assert.Equal([5, 80], fetched.Signals.Select(s => s.Weight));
    }

    [Fact]
    public async Task Update_PublishedTemplate_FailedPrecondition()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await Seed.EventTypesAsync(c);
        await c.Templates.CreateTemplateAsync(Draft("t1", ("click", null, 0))).Within();
        var edited = Draft("t1", ("click", null, 3));
        Assert.Equal(3, (await c.Templates.UpdateTemplateAsync(edited).Within()).Signals[0].Threshold);

        await c.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = "t1" }).Within();
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => c.Templates.UpdateTemplateAsync(Draft("t1", ("view", null, 1))).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => c.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = "t1" }).ResponseAsync);
    }

    public static TheoryData<Template, StatusCode, string> BadTemplates => new()
    {
        { Draft("bad1", ("clik", null, 0)), StatusCode.InvalidArgument, "signals[0].type" },
        { Draft("bad2", ("click", 101, 0)), StatusCode.InvalidArgument, "signals[0].weight" },
        { Draft("bad3", ("click", null, -1)), StatusCode.InvalidArgument, "signals[0].threshold" },
        { Draft("bad4", ("click", null, 0), ("click", null, 1)), StatusCode.InvalidArgument, "signals[1].type" },
        { Draft("bad5"), StatusCode.InvalidArgument, "signals" },
        { Draft("Bad Id", ("click", null, 0)), StatusCode.InvalidArgument, "template_id" },
        { new Template { TemplateId = "bad6", Name = "", Signals = { new Signal { Type = "click" } } }, StatusCode.InvalidArgument, "name" },
        { new Template { TemplateId = "bad7", Name = "n", MinTotalEvents = -5, Signals = { new Signal { Type = "click" } } }, StatusCode.InvalidArgument, "min_total_events" },
        { new Template { TemplateId = "bad8", Name = "n", TagFilter = "nocolon", Signals = { new Signal { Type = "click" } } }, StatusCode.InvalidArgument, "tag_filter" },
    };

    [Theory]
    [MemberData(nameof(BadTemplates))]
    public async Task Create_BreaksRule_ErrorNamesField(Template template, StatusCode code, string field)
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await Seed.EventTypesAsync(c);
        await RpcAssert.FailsAsync(code, () => c.Templates.CreateTemplateAsync(template).ResponseAsync, field);
    }

    [Fact]
    public async Task ListGetDelete_FilterByStatusAndNotFoundAfterDelete()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await Seed.EventTypesAsync(c);
        await c.Templates.CreateTemplateAsync(Draft("a", ("click", null, 0))).Within();
        await c.Templates.CreateTemplateAsync(Draft("b", ("view", null, 0))).Within();
        await c.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = "b" }).Within();
        var generated = await c.Templates.CreateTemplateAsync(Draft("", ("view", null, 0))).Within();
        Assert.False(string.IsNullOrEmpty(generated.TemplateId));

        var published = await c.Templates.ListTemplatesAsync(new ListTemplatesRequest { Status = TemplateStatus.Published }).Within();
        Assert.Equal(["b"], published.Templates.Select(t => t.TemplateId));
        Assert.Equal(3, (await c.Templates.ListTemplatesAsync(new ListTemplatesRequest()).Within()).Templates.Count);

        await c.Templates.DeleteTemplateAsync(new DeleteTemplateRequest { TemplateId = "a" }).Within();
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => c.Templates.GetTemplateAsync(new GetTemplateRequest { TemplateId = "a" }).ResponseAsync, "a");
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => c.Templates.DeleteTemplateAsync(new DeleteTemplateRequest { TemplateId = "a" }).ResponseAsync);
    }

    [Fact]
    public async Task Create_DuplicateId_AlreadyExists()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await Seed.EventTypesAsync(c);
        await c.Templates.CreateTemplateAsync(Draft("dup", ("click", null, 0))).Within();
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => c.Templates.CreateTemplateAsync(Draft("dup", ("click", null, 0))).ResponseAsync, "dup");
    }
}
