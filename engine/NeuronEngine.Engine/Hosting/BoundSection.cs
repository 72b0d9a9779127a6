using System.Reflection;
using Microsoft.Extensions.Options;

namespace NeuronEngine.Engine.Hosting;

/// <summary>
/// A configuration section the engine binds to an options type. The host checks them all at start
/// (<see cref="Check"/>) and prints one line naming every problem.
/// </summary>
public sealed class BoundSection
{
    private readonly Func<IServiceProvider, object> resolve;

    private BoundSection(string name, Type optionsType, bool sharedWithTrainer, Func<IServiceProvider, object> resolve)
    {
        Name = name;
        OptionsType = optionsType;
        SharedWithTrainer = sharedWithTrainer;
        this.resolve = resolve;
    }

    /// <summary>The section's path (<c>Engine</c>, <c>Recommend:Batching</c>).</summary>
    public string Name { get; }

    /// <summary>The options type it binds to.</summary>
    public Type OptionsType { get; }

    /// <summary>The trainer sidecar reads this section too, so keys the engine's options lack are not reported.</summary>
    public bool SharedWithTrainer { get; }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="name"/>, validated on start by whatever
    /// <see cref="IValidateOptions{TOptions}"/> the owning library registered, and records the section for <see cref="Check"/>.
    /// </summary>
    /// <remarks>Binding a section twice (the engine added twice) binds and records it once.</remarks>
    public static void Bind<TOptions>(IServiceCollection services, IConfiguration configuration, string name, bool sharedWithTrainer = false)
        where TOptions : class
    {
        if (services.Any(d => d.ServiceType == typeof(BoundSection) && d.ImplementationInstance is BoundSection bound && bound.Name == name))
        {
            return;
        }

        services.AddOptions<TOptions>().Bind(configuration.GetSection(name)).ValidateOnStart();
        services.AddSingleton(new BoundSection(name, typeof(TOptions), sharedWithTrainer, static sp => sp.GetRequiredService<IOptions<TOptions>>().Value));
    }

    /// <summary>
    /// Every configuration problem at once: keys in the engine's sections that no option has (a misspelt
    /// <c>EventLog:Durabilty</c>), values that do not parse, and every rule the sections' validators report.
    /// </summary>
    public static IReadOnlyList<string> Check(IServiceProvider services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var sections = services.GetServices<BoundSection>().ToList();
        var errors = new List<string>(UnknownKeys(sections, configuration));
        foreach (var section in sections)
        {
            try
            {
                _ = section.resolve(services);
            }
            catch (OptionsValidationException ex)
            {
                errors.AddRange(ex.Failures);
            }
            catch (InvalidOperationException ex)
            {
                // The binder's message names the key and the type it expected ("Failed to convert configuration value at 'Engine:Port' …").
                errors.Add(ex.Message);
            }
        }

        // One bad value can fail more than one section (a section derived from another): name it once.
        return [.. errors.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Keys under the sections' top-level names (<c>Engine</c>, <c>Recommend</c>, …) that are neither a bound section
    /// nor a property of one. A property's own children (a list, a map) are the property's business.
    /// </summary>
    private static IEnumerable<string> UnknownKeys(IReadOnlyList<BoundSection> sections, IConfiguration configuration)
    {
        var known = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in sections.Where(s => !s.SharedWithTrainer))
        {
            known[section.Name] = [.. section.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0)
                .Select(p => p.Name)];
        }

        var roots = sections.Where(s => !s.SharedWithTrainer).Select(s => s.Name.Split(':')[0]).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var root in roots)
        {
            foreach (var error in Walk(configuration.GetSection(root), known))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<string> Walk(IConfigurationSection node, Dictionary<string, IReadOnlyList<string>> known)
    {
        foreach (var child in node.GetChildren())
        {
            if (known.TryGetValue(node.Path, out var properties))
            {
                if (!properties.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                {
                    yield return $"{child.Path} is not a setting (the {node.Path} settings are {string.Join(", ", properties)})";
                }

                continue;
            }

            if (known.ContainsKey(child.Path) || known.Keys.Any(k => k.StartsWith(child.Path + ":", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var error in Walk(child, known))
                {
                    yield return error;
                }

                continue;
            }

            var siblings = known.Keys.Where(k => k.StartsWith(node.Path + ":", StringComparison.OrdinalIgnoreCase)).Select(k => k[(node.Path.Length + 1)..].Split(':')[0]).Distinct();
            yield return $"{child.Path} is not a setting (the {node.Path} sections are {string.Join(", ", siblings)})";
        }
    }
}
