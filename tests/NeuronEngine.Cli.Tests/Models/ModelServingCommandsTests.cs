using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Models;

[Collection(CliCollection.Name)]
public sealed class ModelServingCommandsTests(CliEngine engine)
{
    [Fact]
    public async Task PromoteRollbackStatusHistory_TwoVersions_SaysWhichWasServed()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.RegisterAsync();
        await tenant.RegisterAsync();

        var first = (await engine.RunAsync(tenant.Tenant, "models", "promote", "recs", "1")).Ok();
        Assert.StartsWith("Promoted production: (nothing) → recs v1 in ", first.Out, StringComparison.Ordinal);
        var second = (await engine.RunAsync(tenant.Tenant, "models", "promote", "recs", "2", "-o", "json")).Ok().Json();
        Assert.Equal(2, second.GetProperty("endpoint").GetProperty("version").GetInt32());
        Assert.Equal("IN_SERVICE", second.GetProperty("endpoint").GetProperty("status").GetString());
        Assert.Equal(1, second.GetProperty("previous").GetProperty("version").GetInt32());

        var status = (await engine.RunAsync(tenant.Tenant, "models", "status")).Ok();
        Assert.Contains("production: recs v2", status.Out, StringComparison.Ordinal);
        Assert.Contains("by operator@loopback (was v1)", status.Out, StringComparison.Ordinal);
        Assert.Contains("ndcg@10=0.5", status.Out, StringComparison.Ordinal);

        var rolledBack = (await engine.RunAsync(tenant.Tenant, "models", "rollback")).Ok();
        Assert.StartsWith("Rolled back production from recs v2 to v1 in ", rolledBack.Out, StringComparison.Ordinal);
        var now = (await engine.RunAsync(tenant.Tenant, "models", "status", "-o", "json")).Ok().Json();
        Assert.Equal(1, now.GetProperty("endpoint").GetProperty("version").GetInt32());
        Assert.Equal("operator@loopback", now.GetProperty("promotion").GetProperty("actor").GetString());
        Assert.Equal(0.5, now.GetProperty("metrics").GetProperty("ndcg@10").GetDouble());

        var history = (await engine.RunAsync(tenant.Tenant, "models", "history", "-o", "json")).Ok().Json();
        Assert.Equal([1, 2, 1], history.EnumerateArray().Select(p => p.GetProperty("version").GetInt32()));
        Assert.All(history.EnumerateArray(), p => Assert.Equal("succeeded", p.GetProperty("result").GetString()));
        var table = (await engine.RunAsync(tenant.Tenant, "models", "history")).Ok();
        Assert.Matches(@"production\s+recs v1\s+v2\s+operator@loopback\s+succeeded", table.Out);
    }

    [Fact]
    public async Task Rollback_NothingOrOnlyOneVersionServed_FailedPreconditionExitRefused()
    {
        using var tenant = new ServingTenant(engine);
        var none = await engine.RunAsync(tenant.Tenant, "models", "rollback");
        Assert.Equal(ExitCodes.Refused, none.ExitCode);
        Assert.Equal("neuron: FAILED_PRECONDITION: nothing is promoted on production; there is nothing to roll back", none.Error.Trim());

        await tenant.ServeAsync();
        var one = await engine.RunAsync(tenant.Tenant, "models", "rollback");
        Assert.Equal(ExitCodes.Refused, one.ExitCode);
        Assert.StartsWith("neuron: FAILED_PRECONDITION: production has served no version other than recs v1", one.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_PendingVersion_RefusedAndNothingChanges()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.RegisterAsync(approve: false);

        var result = await engine.RunAsync(tenant.Tenant, "models", "promote", "recs", "1");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: FAILED_PRECONDITION: ", result.Error, StringComparison.Ordinal);
        var status = (await engine.RunAsync(tenant.Tenant, "models", "status")).Ok();
        Assert.Contains("production: nothing promoted yet", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_OtherEndpoint_LeavesProductionAlone()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.RegisterAsync();

        var canary = (await engine.RunAsync(tenant.Tenant, "models", "promote", "recs", "1", "--model-endpoint", "canary")).Ok();
        Assert.StartsWith("Promoted canary: (nothing) → recs v1", canary.Out, StringComparison.Ordinal);
        var onCanary = (await engine.RunAsync(tenant.Tenant, "models", "status", "--on", "canary", "-o", "json")).Ok().Json();
        Assert.Equal("canary", onCanary.GetProperty("endpoint").GetProperty("name").GetString());
        Assert.Equal(1, onCanary.GetProperty("endpoint").GetProperty("version").GetInt32());
        var production = (await engine.RunAsync(tenant.Tenant, "models", "status", "-o", "json")).Ok().Json();
        Assert.Equal("NONE", production.GetProperty("endpoint").GetProperty("status").GetString());
        Assert.Equal(0, (await engine.RunAsync(tenant.Tenant, "models", "history", "-o", "json")).Ok().Json().GetArrayLength());
    }
}
