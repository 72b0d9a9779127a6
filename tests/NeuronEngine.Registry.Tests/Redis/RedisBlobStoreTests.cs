using System.Security.Cryptography;
using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Testing;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Tests.Redis;

public sealed class RedisBlobStoreTests
{
    private const int Chunk = 1000;

    private static readonly Lazy<ConnectionMultiplexer> Connection = new(() => ConnectionMultiplexer.Connect(RedisServer.Shared.Configuration));

    /// <summary>Small chunks, so a few kilobytes make a blob of several; a prefix no other test uses.</summary>
    private readonly RedisBlobStore store = new(Connection.Value, $"b{Guid.NewGuid():N}", Chunk);

    private IDatabase Database => Connection.Value.GetDatabase();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk)]
    [InlineData((Chunk * 7) + 123)]
    public async Task PutAsync_ThenGetAsync_SameBytesUnderTheirSha256(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);

        var id = await store.PutAsync(new MemoryStream(bytes));
        var back = new MemoryStream();
        var read = await store.GetAsync(id, back);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), id);
        Assert.Equal(length, read);
        Assert.Equal(bytes, back.ToArray());
        Assert.Equal((length + Chunk - 1) / Chunk, (long)await Database.HashGetAsync(store.Key(id, "meta"), "chunks"));
    }

    [Fact]
    public async Task PutAsync_StreamThatCannotSeek_SpooledAndStored()
    {
        var bytes = RandomNumberGenerator.GetBytes((Chunk * 3) + 1);

        var id = await store.PutAsync(new ForwardOnlyStream(bytes));
        var back = new MemoryStream();
        await store.GetAsync(id, back);

        Assert.Equal(bytes, back.ToArray());
    }

    [Fact]
    public async Task PutAsync_SameBytesTwice_SameIdAndChunksNotWrittenAgain()
    {
        var bytes = RandomNumberGenerator.GetBytes(Chunk * 3);
        var id = await store.PutAsync(new MemoryStream(bytes));

        // Mark a chunk: a second put that wrote the chunks again would overwrite the mark.
        await Database.StringSetAsync(store.ChunkKey(id, 1), "marked");
        var again = await store.PutAsync(new MemoryStream(bytes));

        Assert.Equal(id, again);
        Assert.Equal("marked", (string?)await Database.StringGetAsync(store.ChunkKey(id, 1)));
    }

    [Fact]
    public async Task PutAsync_ConcurrentPutsOfTheSameBytes_OneBlobThatReadsBack()
    {
        var bytes = RandomNumberGenerator.GetBytes((Chunk * 20) + 5);

        var ids = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.PutAsync(new MemoryStream(bytes)))));
        var back = new MemoryStream();
        await store.GetAsync(ids[0], back);

        Assert.Single(ids.Distinct());
        Assert.Equal(bytes, back.ToArray());
        Assert.Null(await Database.KeyTimeToLiveAsync(store.ChunkKey(ids[0], 20)));
    }

    [Fact]
    public async Task PutAsync_CommittedBlob_ChunksHaveNoTimeToLive()
    {
        var id = await store.PutAsync(new MemoryStream(RandomNumberGenerator.GetBytes(Chunk * 2)));

        Assert.Null(await Database.KeyTimeToLiveAsync(store.ChunkKey(id, 0)));
        Assert.Null(await Database.KeyTimeToLiveAsync(store.ChunkKey(id, 1)));
    }

    [Fact]
    public async Task GetAsync_CorruptedChunk_DataLossNamingTheBlob()
    {
        var bytes = RandomNumberGenerator.GetBytes(Chunk * 3);
        var id = await store.PutAsync(new MemoryStream(bytes));
        var damaged = bytes[Chunk..(Chunk * 2)];
        damaged[17] ^= 0x40;
        await Database.StringSetAsync(store.ChunkKey(id, 1), damaged);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => store.GetAsync(id, new MemoryStream()));

        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"blob {id} does not match its SHA-256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_MissingChunk_DataLossNamingTheBlobAndChunk()
    {
        var id = await store.PutAsync(new MemoryStream(RandomNumberGenerator.GetBytes(Chunk * 3)));
        await Database.KeyDeleteAsync(store.ChunkKey(id, 2));

        var ex = await Assert.ThrowsAsync<NeuronException>(() => store.GetAsync(id, new MemoryStream()));

        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"blob {id} is missing chunk 2 of 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_TruncatedChunk_DataLoss()
    {
        var id = await store.PutAsync(new MemoryStream(RandomNumberGenerator.GetBytes(Chunk * 2)));
        await Database.StringSetAsync(store.ChunkKey(id, 0), new byte[Chunk - 1]);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => store.GetAsync(id, new MemoryStream()));

        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"chunk 0 of blob {id} is {Chunk - 1} bytes", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A put that died before its commit: the chunks are there, the commit record is not.</summary>
    [Fact]
    public async Task GetAsync_ChunksWithoutCommitKey_NotFoundAndTheChunksExpire()
    {
        var bytes = RandomNumberGenerator.GetBytes(Chunk * 2);
        var id = await store.PutAsync(new MemoryStream(bytes));
        await Database.KeyDeleteAsync(store.Key(id, "meta"));
        await Database.KeyExpireAsync(store.ChunkKey(id, 0), store.PendingTtl);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => store.GetAsync(id, new MemoryStream()));

        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Contains($"blob {id} is not stored", ex.Message, StringComparison.Ordinal);
        Assert.False(await store.ExistsAsync(id));
    }

    [Fact]
    public async Task PutAsync_AfterAHalfWrittenPut_CommitsAndChunksBecomePermanent()
    {
        var bytes = RandomNumberGenerator.GetBytes(Chunk * 2);
        var id = Convert.ToHexStringLower(SHA256.HashData(bytes));
        // What a put killed after its first chunk leaves.
        await Database.StringSetAsync(store.ChunkKey(id, 0), bytes[..Chunk], store.PendingTtl);

        await store.PutAsync(new MemoryStream(bytes));
        var back = new MemoryStream();
        await store.GetAsync(id, back);

        Assert.Equal(bytes, back.ToArray());
        Assert.Null(await Database.KeyTimeToLiveAsync(store.ChunkKey(id, 0)));
    }

    [Fact]
    public async Task DeleteAsync_RemovesEveryKeyOfTheBlob()
    {
        var id = await store.PutAsync(new MemoryStream(RandomNumberGenerator.GetBytes((Chunk * 2) + 1)));

        Assert.True(await store.DeleteAsync(id));
        Assert.False(await store.DeleteAsync(id));

        Assert.False(await store.ExistsAsync(id));
        for (var i = 0; i < 3; i++)
        {
            Assert.False(await Database.KeyExistsAsync(store.ChunkKey(id, i)));
        }
    }

    [Fact]
    public async Task ReleaseAsync_AnotherHolderRemains_BlobKeptUntilTheLastRelease()
    {
        var bytes = RandomNumberGenerator.GetBytes(Chunk + 1);
        var id = await store.PutAndHoldAsync(new MemoryStream(bytes), "acme/train");
        Assert.Equal(id, await store.PutAndHoldAsync(new MemoryStream(bytes), "globex/train"));

        Assert.False(await store.ReleaseAsync(id, "acme/train"));
        Assert.True(await store.ExistsAsync(id));
        Assert.True(await store.ReleaseAsync(id, "globex/train"));
        Assert.False(await store.ExistsAsync(id));
        Assert.False(await Database.KeyExistsAsync(store.Key(id, "holders")));
    }

    [Fact]
    public async Task HoldAsync_BlobNotStored_False()
    {
        var id = Convert.ToHexStringLower(SHA256.HashData([1, 2, 3]));

        Assert.False(await store.HoldAsync(id, "acme/x"));
        Assert.False(await Database.KeyExistsAsync(store.Key(id, "holders")));
    }

    [Fact]
    public void Key_EachBlobInItsOwnHashTagUnderThePrefix()
    {
        var id = new string('a', 64);

        Assert.Equal($"{{{store.Prefix}:blob:{id}}}:meta", (string?)store.Key(id, "meta"));
        Assert.Equal($"{{{store.Prefix}:blob:{id}}}:chunk:3", (string?)store.ChunkKey(id, 3));
        Assert.Throws<ArgumentException>(() => new RedisBlobStore(Connection.Value, "a}b"));
    }

    [Fact]
    public async Task GetAsync_NotABlobId_ArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync("ABC", new MemoryStream()));
    }

    [Fact]
    public async Task PutAsync_RedisGone_Unavailable()
    {
        using var server = RedisServer.Start(appendOnly: false);
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",connectTimeout=500,syncTimeout=500,asyncTimeout=500");
        var gone = new RedisBlobStore(connection, "gone", Chunk);
        server.Kill();

        var ex = await Assert.ThrowsAsync<NeuronException>(() => gone.PutAsync(new MemoryStream(new byte[10])));

        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
    }

    /// <summary>A stream that reads forward only, as a network stream does.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
