using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Tests.Redis;

public sealed class RedisControlPlaneTests : IDisposable
{
    private readonly TestRegistry registry = new(RegistryBackend.Redis);

    private RedisControlPlane Redis => registry.Redis!;

    public void Dispose() => registry.Dispose();

    [Fact]
    public async Task Transact_ConcurrentReadModifyWrites_NoneIsLost()
    {
        var counter = Redis.Key("counter");

        // Each transaction reads the value and writes it plus one: without the revision check, two that read the
        // same value would both write value + 1 and one increment would be lost.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                Redis.Transact(write =>
                {
                    var value = (long?)write.Read.StringGet(counter) ?? 0;
                    write.StringSet(counter, value + 1);
                });
            }
        })));

        Assert.Equal(200, (long)Redis.Database.StringGet(counter));
    }

    [Fact]
    public void Transact_BodyThrows_WritesNothing()
    {
        var key = Redis.Key("untouched");

        Assert.Throws<NeuronException>(() => Redis.Transact(write =>
        {
            write.StringSet(key, "x");
            throw NeuronException.FailedPrecondition("no");
        }));

        Assert.False(Redis.Database.KeyExists(key));
    }

    [Fact]
    public void Transact_ReadOnlyBody_DoesNotMoveTheRevision()
    {
        Redis.Transact(write => write.StringSet(Redis.Key("a"), 1));
        var before = Redis.Database.StringGet(Redis.Key("rev"));

        var read = Redis.Transact(write => (long)write.Read.StringGet(Redis.Key("a")));

        Assert.Equal(1, read);
        Assert.Equal(before, Redis.Database.StringGet(Redis.Key("rev")));
    }

    [Fact]
    public void Key_CarriesThePrefixAsHashTag()
    {
        Assert.Equal($"{{{Redis.Prefix}}}:types:acme", (string?)Redis.Key("types", "acme"));
        Assert.Throws<ArgumentException>(() => new RedisControlPlane(Redis.Connection, "a{b"));
    }

    [Fact]
    public void Read_RedisGone_IsUnavailable()
    {
        using var server = NeuronEngine.Testing.RedisServer.Start(appendOnly: false);
        using var connection = ConnectionMultiplexer.Connect(server.Configuration + ",connectTimeout=500,syncTimeout=500");
        var plane = new RedisControlPlane(connection, "gone");
        server.Kill();

        var error = Assert.Throws<NeuronException>(() => plane.Read(db => db.StringGet(plane.Key("x"))));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
    }
}
