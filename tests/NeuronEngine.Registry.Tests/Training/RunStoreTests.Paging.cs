using NeuronEngine.Registry.Training;

namespace NeuronEngine.Registry.Tests.Training;

public abstract partial class RunStoreTests
{
    [Fact]
    public void List_Pages_EveryRunOnceNewestFirstWhileRunsArrive()
    {
        var runs = Enumerable.Range(0, 7).Select(_ => Queue()).ToList();

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = Store.List(Tenant, pageSize: 2, pageToken: token);
            seen.AddRange(page.Items.Select(r => r.RunId));
            token = page.NextPageToken;
            Queue();
        }
        while (token.Length > 0);

        Assert.Equal(runs.Select(r => r.RunId).Reverse(), seen);
    }

    [Fact]
    public void List_RunsQueuedInTheSameTick_PagedByIdWithoutLossOrRepeat()
    {
        // The key is (created, run id): runs created at one instant still page exactly.
        var runs = Enumerable.Range(0, 5).Select(_ => Store.Create(Tenant, NewRun())).ToList();

        var first = Store.List(Tenant, pageSize: 2);
        var second = Store.List(Tenant, pageSize: 2, pageToken: first.NextPageToken);
        var third = Store.List(Tenant, pageSize: 2, pageToken: second.NextPageToken);

        var seen = first.Items.Concat(second.Items).Concat(third.Items).Select(r => r.RunId).ToList();
        Assert.Equal(runs.Select(r => r.RunId).OrderDescending(StringComparer.Ordinal), seen);
        Assert.Equal("", third.NextPageToken);
    }

    [Fact]
    public void List_WithFilterAndDefaultSize_PagesTheFilteredRuns()
    {
        // 101 runs of home between 100 of search.
        for (var i = 0; i < 201; i++)
        {
            Queue(template: i % 2 == 0 ? "home" : "search");
        }

        var first = Store.List(Tenant, templateId: "home", status: RunStatus.Queued);
        var rest = Store.List(Tenant, templateId: "home", status: RunStatus.Queued, pageToken: first.NextPageToken);

        Assert.Equal(RunStore.DefaultPageSize, first.Items.Count);
        Assert.Single(rest.Items);
        Assert.All(first.Items.Concat(rest.Items), r => Assert.Equal("home", r.Spec.TemplateId));
    }

    [Fact]
    public void List_StatusMatchedByFewRuns_PagesEveryMatchOnceNewestFirst()
    {
        var stopped = new List<string>();
        for (var i = 0; i < 700; i++)
        {
            var run = Queue();
            if (i % 7 == 0)
            {
                Store.RequestStop(Tenant, run.RunId);
                stopped.Add(run.RunId);
            }
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = Store.List(Tenant, status: RunStatus.Stopped, pageSize: 30, pageToken: token);
            Assert.All(page.Items, r => Assert.Equal(RunStatus.Stopped, r.Status));
            seen.AddRange(page.Items.Select(r => r.RunId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(Enumerable.Reverse(stopped), seen);
    }

    [Fact]
    public void List_FinishedRunWithAManifest_ListedWithoutItGetHasIt()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;
        Store.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Failed, "boom", null, """{"seed":42}"""));

        Assert.Equal("", Assert.Single(Store.List(Tenant).Items).Manifest);
        Assert.Equal("""{"seed":42}""", Store.Get(Tenant, run.RunId).Manifest);
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("AVb_____")]
    [InlineData("AVIAAAAAAAAAAA")]
    [InlineData("AVIAAAAAAAAAACBhYg")]
    public void List_BadToken_InvalidArgumentNamingPageToken(string token)
    {
        var ex = NeuronAssert.InvalidArgument("page_token", () => Store.List(Tenant, pageToken: token));

        Assert.Contains("ListRuns", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_PageSizeOutOfRange_InvalidArgument()
    {
        NeuronAssert.InvalidArgument("page_size", () => Store.List(Tenant, pageSize: 0));
        NeuronAssert.InvalidArgument("page_size", () => Store.List(Tenant, pageSize: RunStore.MaxPageSize + 1));
    }
}
