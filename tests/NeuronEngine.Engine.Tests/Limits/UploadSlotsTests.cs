using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Limits;

namespace NeuronEngine.Engine.Tests.Limits;

public sealed class UploadSlotsTests
{
    private static UploadSlots Slots(int engineWide = 3, int perTenant = 2) =>
        new(Options.Create(new LimitsOptions { MaxConcurrentUploads = engineWide, MaxConcurrentUploadsPerTenant = perTenant }));

    [Fact]
    public void Take_PastTheTenantsLimit_ResourceExhaustedNamingIt()
    {
        var slots = Slots();
        using var first = slots.Take("acme");
        using var second = slots.Take("acme");

        var ex = Assert.Throws<NeuronException>(() => slots.Take("acme"));

        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.StartsWith("Limits:MaxConcurrentUploadsPerTenant (2) reached for tenant \"acme\"", ex.Message, StringComparison.Ordinal);
        using var other = slots.Take("globex");
    }

    [Fact]
    public void Take_PastTheEnginesLimit_ResourceExhaustedNamingIt()
    {
        var slots = Slots();
        using var a = slots.Take("a");
        using var b = slots.Take("b");
        using var c = slots.Take("c");

        var ex = Assert.Throws<NeuronException>(() => slots.Take("d"));

        Assert.StartsWith("Limits:MaxConcurrentUploads (3) reached for tenant \"d\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_GivesTheSlotBackOnce()
    {
        var slots = Slots(perTenant: 1);
        var slot = slots.Take("acme");
        slot.Dispose();
        slot.Dispose();

        using var again = slots.Take("acme");
        Assert.Equal(1, slots.InFlight);
        Assert.Throws<NeuronException>(() => slots.Take("acme"));
    }

    [Fact]
    public async Task Take_ManyAtOnce_NeverMoreThanTheLimit()
    {
        var slots = Slots(engineWide: 5, perTenant: 5);
        using var start = new Barrier(16);

        var taken = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            try
            {
                return slots.Take("acme");
            }
            catch (NeuronException)
            {
                return null;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(5, taken.Count(s => s is not null));
        Assert.Equal(5, slots.InFlight);
        foreach (var slot in taken)
        {
            slot?.Dispose();
        }

        Assert.Equal(0, slots.InFlight);
    }

    [Fact]
    public void Take_LimitsOff_Unbounded()
    {
        var slots = Slots(engineWide: 0, perTenant: 0);
        var taken = Enumerable.Range(0, 100).Select(_ => slots.Take("acme")).ToList();

        Assert.Equal(100, slots.InFlight);
        taken.ForEach(s => s.Dispose());
    }
}
