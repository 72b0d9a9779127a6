using System.CommandLine;
using NeuronEngine.Cli.Commands.Models;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Keys;

/// <summary><c>neuron keys create|list|revoke</c>: the engine's API keys.</summary>
internal static class KeyCommands
{
    private const string Roles = "ingest, serve, train, models, admin or operator";

    public static Command Create(CliApp app) => CliApp.Group(
        "keys",
        "API keys: who may call the engine, for which tenant, with which roles (an admin key manages its tenant's, an operator key every tenant's)",
        CreateKey(app),
        List(app),
        Revoke(app));

    private static Command CreateKey(CliApp app)
    {
        var name = new Option<string>("--name") { Description = "Who uses the key (a service, a person); recorded as the actor of what it does", Required = true };
        var role = new Option<string[]>("--role") { Description = $"A role to give it: {Roles}; repeat for several", Required = true };
        var tenant = new Option<string?>("--key-tenant") { Description = "The key's tenant (default: the caller's; --tenant is the tenant the call itself acts for)" };
        var command = app.Command("create", "Create an API key and print its secret, once: the engine keeps only a hash of it", async (cli, ct) =>
        {
            var created = await cli.Client.Keys.CreateAsync(cli.Get(name)!, cli.Get(role) ?? [], cli.Get(tenant), cli.Timeout, ct);
            if (cli.Json)
            {
                cli.WriteJson(created);
                return ExitCodes.Ok;
            }

            var key = created.Key;
            cli.Line($"Created API key {key.KeyId} \"{key.Name}\" for tenant {key.Tenant}, roles: {string.Join(", ", key.Roles)}");
            cli.Line("");
            cli.Line($"    {created.Secret}");
            cli.Line("");
            cli.Line("This is the only time the secret is shown. Save it in a file only you can read, then use it:");
            cli.Line("    neuron --api-key-file FILE …   (or NEURON_API_KEY_FILE=FILE)");
            return ExitCodes.Ok;
        });
        command.Options.Add(name);
        command.Options.Add(role);
        command.Options.Add(tenant);
        return command;
    }

    private static Command List(CliApp app)
    {
        var tenant = new Option<string?>("--key-tenant") { Description = "Whose keys (default: the caller's tenant; another tenant's needs an operator key)" };
        var command = app.Command("list", "List API keys, revoked ones included, oldest first (never their secrets)", async (cli, ct) =>
        {
            var keys = await cli.Client.Keys.ListAsync(cli.Get(tenant), cli.Timeout, ct);
            cli.Write(keys, () => Render(keys));
            return ExitCodes.Ok;
        });
        command.Options.Add(tenant);
        return command;
    }

    private static Command Revoke(CliApp app)
    {
        var id = new Argument<string>("key-id") { Description = "The key's id, e.g. k_3f9c2a7d1b0e (neuron keys list shows them)" };
        var command = app.Command("revoke", "Revoke an API key: every later call with it is refused UNAUTHENTICATED", async (cli, ct) =>
        {
            var revoked = await cli.Client.Keys.RevokeAsync(cli.Get(id)!, cli.Timeout, ct);
            if (cli.Json)
            {
                cli.WriteJson(revoked);
                return ExitCodes.Ok;
            }

            cli.Line($"Revoked API key {revoked.KeyId} \"{revoked.Name}\" (tenant {revoked.Tenant}) at {ModelView.Time(revoked.Revoked)}");
            return ExitCodes.Ok;
        });
        command.Arguments.Add(id);
        return command;
    }

    private static Spectre.Console.Table Render(IEnumerable<ApiKey> keys)
    {
        var table = CliContext.Table("ID", "NAME", "TENANT", "ROLES", "CREATED", "LAST USED", "REVOKED");
        foreach (var key in keys)
        {
            CliContext.Row(table, key.KeyId, key.Name, key.Tenant, string.Join(",", key.Roles), ModelView.Time(key.Created), key.LastUsed is null ? "never" : ModelView.Time(key.LastUsed), key.Revoked is null ? "-" : ModelView.Time(key.Revoked));
        }

        return table;
    }
}
