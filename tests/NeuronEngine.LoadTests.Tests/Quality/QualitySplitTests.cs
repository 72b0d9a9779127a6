using NeuronEngine.LoadTests.Data;
using NeuronEngine.LoadTests.Quality;

namespace NeuronEngine.LoadTests.Tests.Quality;

public sealed class QualitySplitTests
{
    [Fact]
    public void Create_ShopData_NoOverlap_ThreeQuartersOfEachUsersItemsInTrain()
    {
        using var writer = new StringWriter();
        new ShopGenerator(new ShopProfile("test", 500, 200, 60), 3).Write(writer);
        var table = InteractionReader.Read(new StringReader(writer.ToString()), "shop.csv").Table;

        var split = QualitySplit.Create(table, 0.75, 42);

        long train = 0, test = 0;
        for (var u = 0; u < table.Users.Count; u++)
        {
            Assert.Empty(split.TrainItems[u].Intersect(split.TestItems[u]));
            var distinct = Enumerable.Range(0, table.Count).Where(r => table.UserOf(r) == u).Select(table.ItemOf).Distinct().Order().ToArray();
            Assert.Equal(distinct, split.TrainItems[u].Concat(split.TestItems[u]).Order());
            if (distinct.Length < QualitySplit.MinItemsToSplit)
            {
                Assert.Empty(split.TestItems[u]);
            }
            else
            {
                Assert.InRange(split.TrainItems[u].Length, (int)Math.Floor(distinct.Length * 0.75), (int)Math.Ceiling(distinct.Length * 0.75));
            }

            train += split.TrainItems[u].Length;
            test += split.TestItems[u].Length;
        }

        Assert.InRange(train / (double)(train + test), 0.73, 0.77);
        Assert.All(Enumerable.Range(0, table.Count), r => Assert.Equal(split.IsTrain(table, r), split.TrainItems[table.UserOf(r)].Contains(table.ItemOf(r))));
        Assert.Equal(split.TestItems, QualitySplit.Create(table, 0.75, 42).TestItems);
        Assert.NotEqual(split.TestItems, QualitySplit.Create(table, 0.75, 43).TestItems);
    }
}
