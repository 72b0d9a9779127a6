using Microsoft.Extensions.Options;
using NeuronEngine.Server.Console;
using NeuronEngine.Server.Console.Sessions;
using NeuronEngine.Testing;

namespace NeuronEngine.Server.Tests.Console;

public sealed class ConsoleSessionsTests
{
    private readonly ManualTimeProvider time = new();

    [Fact]
    public void Create_IdIsRandom256Bits_AndFindsItsSession()
    {
        var sessions = New();

        var first = sessions.Create("secret-1", null);
        var second = sessions.Create("secret-2", null);

        Assert.NotEqual(first, second);
        Assert.Equal(43, first.Length);
        Assert.Equal("secret-1", sessions.Find(first)!.Secret);
        Assert.Equal("secret-2", sessions.Find(second)!.Secret);
        Assert.Null(sessions.Find(first[..^1] + (first[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(sessions.Find(null));
    }

    [Fact]
    public void Find_IdleLongerThanTheTimeout_EndedWithTheReason()
    {
        var sessions = New(idle: TimeSpan.FromHours(8));
        var id = sessions.Create("secret", null);

        time.Advance(TimeSpan.FromHours(7));
        Assert.Null(sessions.Find(id)!.EndedBecause);
        time.Advance(TimeSpan.FromHours(8.5));

        Assert.Equal("the session was not used for 8 h", sessions.Find(id)!.EndedBecause);
    }

    [Fact]
    public void Create_PastMaxSessions_DropsTheLeastRecentlyUsed()
    {
        var sessions = New(max: 2);
        var a = sessions.Create("a", null);
        time.Advance(TimeSpan.FromMinutes(1));
        var b = sessions.Create("b", null);
        time.Advance(TimeSpan.FromMinutes(1));
        _ = sessions.Find(a);

        var c = sessions.Create("c", null);

        Assert.NotNull(sessions.Find(a));
        Assert.Null(sessions.Find(b));
        Assert.NotNull(sessions.Find(c));
    }

    [Fact]
    public void End_KeepsTheReasonAWhile_ThenForgets()
    {
        var sessions = New();
        var id = sessions.Create("secret", null);
        sessions.End(sessions.Find(id)!, "API key x was revoked");

        Assert.Equal("API key x was revoked", sessions.Find(id)!.EndedBecause);

        time.Advance(ConsoleSessions.EndedKept + TimeSpan.FromMinutes(1));
        _ = sessions.Create("other", null);
        Assert.Null(sessions.Find(id));
    }

    private ConsoleSessions New(TimeSpan? idle = null, int max = 1000) =>
        new(Options.Create(new ConsoleOptions { SessionIdleTimeout = idle ?? TimeSpan.FromHours(8), MaxSessions = max }), time);
}
