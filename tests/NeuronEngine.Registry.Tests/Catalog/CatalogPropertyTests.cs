using System.Text;
using CsCheck;
using NeuronEngine.Core;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.Registry.Tests.Catalog;

/// <summary>
/// Catalog writes with random ids and attributes: the batch is stored (and reads back as written) or refused with
/// InvalidArgument naming an item field, with nothing stored.
/// </summary>
public abstract class CatalogPropertyTests(RegistryBackend backend, ITestOutputHelper output) : IDisposable
{
    private const string Tenant = "acme";
    private readonly TestRegistry registry = new(backend);

    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.Char.AlphaNumeric.Array[1, 10].Select(c => new string(c))),
        (2, Gen.Char.Array[0, 20].Select(c => new string(c))),
        (1, Gen.Char['\uD800', '\uDFFF'].Array[1, 2].Select(c => "a" + new string(c))),
        (1, Gen.Char['\0', '\u009F'].Array[1, 4].Select(c => new string(c))),
        (1, Gen.Int[60, 1100].Select(n => new string('é', n))),
        (1, Gen.Const(string.Empty)));

    private static readonly Gen<Dictionary<string, string>> Attributes =
        Gen.Select(Text, Text.Null()).Array[0, 6].Select(pairs => pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2!));

    private static readonly Gen<CatalogItem[]> Items =
        Gen.Select(Text, Attributes, Gen.Bool, (id, attributes, active) => new CatalogItem(id, attributes, active)).Array[1, 5];

    public void Dispose() => registry.Dispose();

    [Fact]
    public void Upsert_RandomItems_StoredAsWrittenOrInvalidArgument()
    {
        var catalog = registry.Catalog;
        Properties.Run("catalog-upsert", Items, items =>
        {
            int stored;
            try
            {
                stored = catalog.Upsert(Tenant, items);
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.InvalidArgument && ex.Field?.StartsWith("items[", StringComparison.Ordinal) == true)
            {
                return;
            }

            Assert.Equal(items.Length, stored);
            foreach (var item in items)
            {
                Assert.Null(FieldRules.ValidateId(item.ItemId));
                var read = catalog.Get(Tenant, item.ItemId);

                // What was accepted reads back exactly: a lone surrogate, which UTF-8 cannot hold, is refused up front.
                Assert.Equal(item.Attributes.OrderBy(p => p.Key, StringComparer.Ordinal), read.Attributes);
            }
        }, 1500, output);
    }
}

public sealed class CatalogPropertyTestsOnSqlite(ITestOutputHelper output) : CatalogPropertyTests(RegistryBackend.Sqlite, output);

public sealed class CatalogPropertyTestsOnRedis(ITestOutputHelper output) : CatalogPropertyTests(RegistryBackend.Redis, output);
