namespace NeuronEngine.Core;

/// <summary>
/// What went wrong, in terms a caller can act on. The server maps each kind to one gRPC status
/// code in a single table; libraries below the server never reference gRPC.
/// </summary>
public enum ErrorKind
{
    /// <summary>The request is malformed: a field breaks a rule. Maps to INVALID_ARGUMENT.</summary>
    InvalidArgument,

    /// <summary>A named resource does not exist (for this tenant). Maps to NOT_FOUND.</summary>
    NotFound,

    /// <summary>A resource with that identity already exists. Maps to ALREADY_EXISTS.</summary>
    AlreadyExists,

    /// <summary>The resource is in the wrong state for the operation. Maps to FAILED_PRECONDITION.</summary>
    FailedPrecondition,

    /// <summary>The caller may not do this. Maps to PERMISSION_DENIED.</summary>
    PermissionDenied,

    /// <summary>The engine is overloaded or a quota is exhausted. Maps to RESOURCE_EXHAUSTED.</summary>
    ResourceExhausted,

    /// <summary>The engine cannot serve this right now (starting, stopping, swapping). Maps to UNAVAILABLE.</summary>
    Unavailable,

    /// <summary>Stored data is corrupt or unreadable. Maps to DATA_LOSS.</summary>
    DataLoss,

    /// <summary>A bug or an unexpected failure. Maps to INTERNAL with a generic message.</summary>
    Internal,

    /// <summary>The call carries no valid credentials (no API key, an unknown or a revoked one). Maps to UNAUTHENTICATED.</summary>
    Unauthenticated,
}
