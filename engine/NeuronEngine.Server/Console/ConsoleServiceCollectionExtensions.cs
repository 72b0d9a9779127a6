using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Console.Api;
using NeuronEngine.Server.Console.Components;
using NeuronEngine.Server.Console.Sessions;

namespace NeuronEngine.Server.Console;

/// <summary>
/// The web console (<c>Console</c> section): Blazor static server-side rendering on a port of its own, over the same
/// engine classes and role table as the gRPC services. Every action is an HTML form POST with an anti-forgery token,
/// answered with a redirect or the page again with the engine's messages at the fields.
/// </summary>
public static class ConsoleServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="ConsoleOptions"/> and adds the console's services (whether or not its port is on).</summary>
    public static IServiceCollection AddNeuronConsole(this IServiceCollection services, IConfiguration configuration)
    {
        BoundSection.Bind<ConsoleOptions>(services, configuration, ConsoleOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleOptions>, ValidatedOptionsValidator<ConsoleOptions>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleOptions>, ConsolePortsValidator>());
        services.TryAddSingleton<ConsoleSessions>();
        services.TryAddSingleton<ConsoleSignIn>();

        // The one-use tokens of forms that must not run twice (creating a key).
        services.TryAddSingleton<Forms.FormOnce>();

        services.AddDataProtection().SetApplicationName("neuron-console");
        services.Configure<KeyManagementOptions>(o =>
        {
            // In memory, like the sessions; unencrypted because it never leaves the process.
            o.XmlRepository = new MemoryKeyRepository();
            o.XmlEncryptor = new NullXmlEncryptor();
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "neuron-console-antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
        });

        services.AddRazorComponents();
        return services;
    }

    /// <summary>
    /// When <see cref="ConsoleOptions.Port"/> is set: keeps console routes and gRPC routes on their own ports
    /// (<see cref="ConsolePortFilter"/>). Goes first after routing, before the gRPC authentication.
    /// </summary>
    public static IApplicationBuilder UseNeuronConsolePorts(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var port = app.ApplicationServices.GetRequiredService<IOptions<ConsoleOptions>>().Value.Port;
        return port > 0 ? app.UseMiddleware<ConsolePortFilter>(port) : app;
    }

    /// <summary>
    /// When <see cref="ConsoleOptions.Port"/> is set: anti-forgery, the console's gate (<see cref="ConsoleGate"/>), and its
    /// routes — the pages (<c>/console/…</c>), the JSON endpoints (<c>/console/api/…</c>) and the assets.
    /// </summary>
    public static WebApplication UseNeuronConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Port == 0)
        {
            return app;
        }

        app.UseAntiforgery();
        app.UseMiddleware<ConsoleGate>();
        app.MapRazorComponents<App>().WithMetadata(ConsoleEndpoint.Page);
        app.MapGet("/", () => Results.Redirect("/console/events")).WithMetadata(ConsoleEndpoint.Public);
        app.MapGet("/console", () => Results.Redirect("/console/events")).WithMetadata(ConsoleEndpoint.Public);
        ConsoleApi.Map(app);
        DatasetUpload.Map(app);
        ConsoleAssets.Map(app);
        return app;
    }
}
