using NeuronEngine.Counters.State;

namespace NeuronEngine.Counters.Tests.State;

public sealed class TopKTests
{
    [Fact]
    public void Update_RandomGrowingCounts_EqualsTopOfFullSort()
    {
        var random = new Random(3);
        var topK = new TopK(10);
        var counts = new long[200];
        for (var step = 0; step < 5000; step++)
        {
            var item = (int)Math.Pow(random.Next(1, 60), 1.3) % counts.Length;
            counts[item] += random.Next(1, 101);
            topK.Update(item, counts[item], step);
        }

        var expected = counts.Select((c, i) => (Count: c, Item: i)).Where(x => x.Count > 0)
            .OrderByDescending(x => x.Count).ThenBy(x => x.Item).Take(10).Select(x => x.Item);
        Assert.Equal(expected, topK.Top(100).Select(e => e.ItemOrdinal));
    }
}
