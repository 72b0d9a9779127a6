namespace NeuronEngine.Engine.Hosting;

/// <summary>The engine process's exit codes, for supervisors (systemd, Kubernetes) and scripts.</summary>
public static class ExitCodes
{
    /// <summary>Any other failure: a port in use, an unwritable data directory, a log that stopped after an internal fault.</summary>
    public const int Failure = 1;

    /// <summary>Invalid configuration (a bad value, an unknown key or switch).</summary>
    public const int Configuration = 2;

    /// <summary>Stored data cannot be recovered (a corrupt log segment, an unreadable registry).</summary>
    public const int Storage = 3;
}
