namespace NeuronEngine.Core;

/// <summary>The trainer's exit codes the engine's sidecar acts on: a contract between the two processes.</summary>
public static class TrainerExitCodes
{
    /// <summary>
    /// The trainer refused its configuration (a device it cannot use, a bad option): starting it again at once cannot
    /// help, so the sidecar waits <c>Trainer:RefusedRetryDelay</c> instead of its restart back-off.
    /// </summary>
    public const int RefusedConfiguration = 2;
}
