using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using static NeuronEngine.IntegrationTests.Training.TrainingSetup;

namespace NeuronEngine.IntegrationTests.Training;

/// <summary>ListRuns pages over real gRPC: every run once, newest first, however small the pages.</summary>
[Collection(TrainingCollection.Name)]
public sealed class ListRunsTests(TrainingFixture engine)
{
    [Fact]
    public async Task ListRuns_SmallPages_EveryRunOnceNewestFirst()
    {
        using var c = await TenantAsync(engine);
        var started = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            started.Add((await StartAsync(c)).RunId);
        }

        var seen = new List<string>();
        var request = new ListRunsRequest { PageSize = 2 };
        do
        {
            var page = await c.Training.ListRunsAsync(request).Within();
            Assert.InRange(page.Runs.Count, 1, 2);
            seen.AddRange(page.Runs.Select(r => r.RunId));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        started.Reverse();
        Assert.Equal(started, seen);
    }

    [Fact]
    public async Task ListRuns_BadTokenOrSize_InvalidArgumentNamingTheField()
    {
        using var c = await TenantAsync(engine);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Training.ListRunsAsync(new ListRunsRequest { PageToken = "not-a-token" }).ResponseAsync, "page_token");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Training.ListRunsAsync(new ListRunsRequest { PageSize = 1001 }).ResponseAsync, "page_size");
    }
}
