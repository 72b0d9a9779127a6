namespace NeuronEngine.Registry.Training;

/// <summary>Where a training run is. The numbers match the wire enum <c>neuron.v1.RunStatus</c>.</summary>
public enum RunStatus
{
    /// <summary>Waiting for a trainer to lease it.</summary>
    Queued = 1,

    /// <summary>Leased by a trainer that reports progress and renews its lease.</summary>
    Running = 2,

    /// <summary>Finished all epochs; its version is registered Pending.</summary>
    Succeeded = 3,

    /// <summary>Ended with an error (including a trainer that stopped reporting); nothing registered.</summary>
    Failed = 4,

    /// <summary>Stopped on request; nothing registered.</summary>
    Stopped = 5,

    /// <summary>The rubric's patience ended training before the last epoch; its version is registered Pending.</summary>
    EarlyStopped = 6,
}
