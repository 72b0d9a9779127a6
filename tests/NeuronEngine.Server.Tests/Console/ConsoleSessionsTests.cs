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

        var first = sessions.Create("secret-1", null, "t");
        var second = sessions.Create("secret-2", null, "t");

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
        var id = sessions.Create("secret", null, "t");

        time.Advance(TimeSpan.FromHours(7));
        Assert.Null(sessions.Find(id)!.EndedBecause);
        time.Advance(TimeSpan.FromHours(8.5));

        Assert.Equal("the session was not used for 8 h", sessions.Find(id)!.EndedBecause);
    }

    [Fact]
    public void Create_PastMaxSessions_ForgetsEndedOnesFirst_ThenTheBiggestTenantsLeastRecentlyUsed()
    {
        var sessions = New(max: 4);
        var victim = sessions.Create("victim-key", null, "victim");
        time.Advance(TimeSpan.FromMinutes(1));
        var noisy1 = sessions.Create("noisy-1", null, "noisy");
        time.Advance(TimeSpan.FromMinutes(1));
        var noisy2 = sessions.Create("noisy-2", null, "noisy");
        var revoked = sessions.Create("gone", null, "victim");
        sessions.End(sessions.Find(revoked)!, "API key gone was revoked");

        // Full: the ended session makes room first.
        var noisy3 = sessions.Create("noisy-3", null, "noisy");
        Assert.Null(sessions.Find(revoked));

        // Full of live sessions: the tenant holding the most gives up its least recently used, not the least recently used
        // of all (the victim's).
        time.Advance(TimeSpan.FromMinutes(1));
        var noisy4 = sessions.Create("noisy-4", null, "noisy");

        Assert.Null(sessions.Find(noisy1));
        Assert.Null(sessions.Find(victim)!.EndedBecause);
        Assert.All(new[] { noisy2, noisy3, noisy4 }, id => Assert.Null(sessions.Find(id)!.EndedBecause));
        Assert.Equal(4, sessions.Count);
    }

    [Fact]
    public void Create_PastMaxSessionsPerKey_ForgetsThatKeysLeastRecentlyUsed_OnlyThatKeys()
    {
        var sessions = New(max: 100, perKey: 2);
        var other = sessions.Create("other", null, "t");
        var first = sessions.Create("same", null, "t");
        time.Advance(TimeSpan.FromMinutes(1));
        var second = sessions.Create("same", null, "t");
        time.Advance(TimeSpan.FromMinutes(1));
        _ = sessions.Find(first);

        var third = sessions.Create("same", null, "t");

        Assert.Null(sessions.Find(second));
        Assert.NotNull(sessions.Find(first));
        Assert.NotNull(sessions.Find(third));
        Assert.NotNull(sessions.Find(other));
        Assert.Equal(3, sessions.Count);
    }

    [Fact]
    public void Find_NotUsed_DoesNotKeepTheSessionAlive()
    {
        var sessions = New(idle: TimeSpan.FromHours(1));
        var id = sessions.Create("secret", null, "t");

        for (var i = 0; i < 12; i++)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            Assert.Null(sessions.Find(id, use: false)!.EndedBecause);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("the session was not used for 1 h", sessions.Find(id, use: false)!.EndedBecause);
    }

    [Fact]
    public void Find_OlderThanItsLifetime_EndedEvenWhenUsed()
    {
        var sessions = New(idle: TimeSpan.FromHours(1), lifetime: TimeSpan.FromHours(3));
        var id = sessions.Create("secret", null, "t");

        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromMinutes(30));
            Assert.Null(sessions.Find(id)!.EndedBecause);
        }

        time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal("sessions last at most 3 h", sessions.Find(id)!.EndedBecause);
    }

    [Fact]
    public void End_KeepsTheReasonAWhile_ThenForgets()
    {
        var sessions = New();
        var id = sessions.Create("secret", null, "t");
        sessions.End(sessions.Find(id)!, "API key x was revoked");

        Assert.Equal("API key x was revoked", sessions.Find(id)!.EndedBecause);

        time.Advance(ConsoleSessions.EndedKept + TimeSpan.FromMinutes(1));
        _ = sessions.Create("other", null, "t");
        Assert.Null(sessions.Find(id));
    }

    private ConsoleSessions New(TimeSpan? idle = null, int max = 1000, int perKey = 10, TimeSpan? lifetime = null) =>
        new(Options.Create(new ConsoleOptions
        {
            SessionIdleTimeout = idle ?? TimeSpan.FromHours(8), SessionMaxLifetime = lifetime ?? TimeSpan.FromHours(24), MaxSessions = max, MaxSessionsPerKey = perKey,
        }), time);
}
