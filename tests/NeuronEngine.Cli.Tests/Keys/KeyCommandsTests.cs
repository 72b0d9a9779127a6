using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Keys;

/// <summary><c>neuron keys</c> and the key and TLS switches, against an engine that takes nothing without a key or TLS.</summary>
public sealed class KeyCommandsTests(SecureCliEngine engine) : IClassFixture<SecureCliEngine>
{
    [Fact]
    public async Task CreateListRevoke_RoundTrip_KeyWorksUntilRevoked()
    {
        var tenant = CliEngine.NewTenant();
        var created = (await engine.RunAsync("keys", "create", "--name", "ci-importer", "--role", "ingest", "--role", "admin", "--key-tenant", tenant, "-o", "json", "--api-key-file", engine.OperatorKeyFile)).Ok().Json();
        var keyId = created.GetProperty("key").GetProperty("keyId").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith($"nk_{keyId}_", secret, StringComparison.Ordinal);
        Assert.Equal(["ingest", "admin"], created.GetProperty("key").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var keyFile = engine.Scratch("ci.key");
        await File.WriteAllTextAsync(keyFile, secret + "\n");

        (await engine.RunAsync("event-types", "create", "click", "--weight", "3", "--api-key-file", keyFile)).Ok();

        var listed = (await engine.RunAsync("keys", "list", "--key-tenant", tenant, "-o", "json", "--api-key-file", engine.OperatorKeyFile)).Ok();
        var key = Assert.Single(listed.Json().EnumerateArray());
        Assert.Equal(("ci-importer", tenant), (key.GetProperty("name").GetString(), key.GetProperty("tenant").GetString()));
        Assert.DoesNotContain(secret, listed.Out, StringComparison.Ordinal);
        var table = (await engine.RunAsync("keys", "list", "--api-key-file", keyFile)).Ok();
        Assert.Matches($@"{keyId}\s+ci-importer\s+{tenant}\s+ingest,admin\s+", table.Out);

        (await engine.RunAsync("keys", "revoke", keyId, "--api-key-file", engine.OperatorKeyFile)).Ok();
        var refused = await engine.RunAsync("event-types", "list", "--api-key-file", keyFile);

        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
        Assert.StartsWith("neuron: UNAUTHENTICATED: ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--api-key-file", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Table_PrintsTheSecretOnceAndHowToUseIt()
    {
        var result = (await engine.RunAsync("keys", "create", "--name", "dashboard", "--role", "serve", "--key-tenant", CliEngine.NewTenant(), "--api-key-file", engine.OperatorKeyFile)).Ok();

        var secret = Assert.Single(result.Out.Split('\n'), l => l.Trim().StartsWith("nk_", StringComparison.Ordinal)).Trim();
        Assert.Equal(2, result.Out.Split(secret).Length);
        Assert.Contains("only time the secret is shown", result.Out, StringComparison.Ordinal);
        Assert.Contains("--api-key-file", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_NoKey_UnauthenticatedWithHowToGiveOne()
    {
        var result = await engine.RunAsync("event-types", "list");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: UNAUTHENTICATED: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("--api-key-file FILE or NEURON_API_KEY_FILE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_KeyWithoutTheRole_PermissionDeniedPointingAtItsRoles()
    {
        var created = (await engine.RunAsync("keys", "create", "--name", "reader", "--role", "serve", "--key-tenant", CliEngine.NewTenant(), "-o", "json", "--api-key-file", engine.OperatorKeyFile)).Ok().Json();

        var result = await engine.RunAsync("keys", "list", "--api-key", created.GetProperty("secret").GetString()!);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: PERMISSION_DENIED: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("neuron keys list", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyFile_Unreadable_UsageErrorNamingTheFile()
    {
        var missing = engine.Scratch("missing.key");

        var result = await engine.RunAsync("event-types", "list", "--api-key-file", missing);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"neuron: cannot read the API key file {missing}: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyFile_TwoLines_UsageErrorWithoutItsContent()
    {
        var file = engine.Scratch("two-lines.key");
        await File.WriteAllTextAsync(file, "nk_first_secret\nnk_second_secret\n");

        var result = await engine.RunAsync("event-types", "list", "--api-key-file", file);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"neuron: the API key file {file} must hold the key alone, on one line", result.Error.Trim());
    }

    [Fact]
    public async Task ApiKeyAndApiKeyFile_Both_UsageError()
    {
        var result = await engine.RunAsync("event-types", "list", "--api-key", "nk_x_y", "--api-key-file", engine.OperatorKeyFile);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("neuron: give --api-key or --api-key-file, not both", result.Error.Trim());
    }

    [Fact]
    public async Task Call_EngineCaNotTrusted_UnreachableSayingWhyAndWhatToGive()
    {
        var result = await CliRunner.RunAsync(["event-types", "list", "--endpoint", engine.Endpoint, "--api-key-file", engine.OperatorKeyFile]);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("neuron: TLS: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("--ca-cert", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_CleartextToTheTlsEngine_UnreachableSuggestingHttps()
    {
        var http = "http://" + engine.Endpoint["https://".Length..];

        var result = await CliRunner.RunAsync(["event-types", "list", "--endpoint", http, "--api-key-file", engine.OperatorKeyFile]);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("neuron: UNAVAILABLE: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("use an https:// endpoint", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }
}
