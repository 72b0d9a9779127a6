using Microsoft.Extensions.Options;

namespace NeuronEngine.Server.Training.Sidecar;

/// <summary>Registers the trainer sidecar.</summary>
internal static class TrainerSidecarServiceCollectionExtensions
{
    /// <summary>Adds <see cref="TrainerSidecar"/> with its options bound from <c>Trainer</c> and validated at start.</summary>
    public static IServiceCollection AddTrainerSidecar(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrainerSidecarOptions>().Bind(configuration.GetSection(TrainerSidecarOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrainerSidecarOptions>>(
            new Hosting.OptionsValidator<TrainerSidecarOptions>(o => o.Validate()));
        services.AddSingleton<TrainerSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<TrainerSidecar>());
        return services;
    }
}
