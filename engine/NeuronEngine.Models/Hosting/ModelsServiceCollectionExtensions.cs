using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;

namespace NeuronEngine.Models.Hosting;

/// <summary>Registers model loading and serving.</summary>
public static class ModelsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ExecutionProviders"/>, <see cref="ModelLoader"/> and <see cref="ModelHost"/> as singletons with
    /// <see cref="InferenceOptions"/> validated on start (including that CUDA exists when it is asked for). Bind the
    /// options from <see cref="InferenceOptions.SectionName"/> in the host.
    /// </summary>
    public static IServiceCollection AddNeuronModels(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<InferenceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, ValidatedOptionsValidator<InferenceOptions>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, CudaProviderValidator>());
        services.TryAddSingleton<ExecutionProviders>();
        services.TryAddSingleton<ModelLoader>();
        services.TryAddSingleton<ModelHost>();
        return services;
    }

    /// <summary><c>Provider=cuda</c> on a machine without CUDA stops start-up with the reason, instead of failing the first load.</summary>
    private sealed class CudaProviderValidator : IValidateOptions<InferenceOptions>
    {
        public ValidateOptionsResult Validate(string? name, InferenceOptions options) =>
            options.Provider == "cuda" && options.CudaDevice >= 0 && CudaProbe.WhyNot(options.CudaDevice) is { } why
                ? ValidateOptionsResult.Fail(ExecutionProviders.CudaRequired(why))
                : ValidateOptionsResult.Success;
    }
}
