namespace NeuronEngine.Registry.Models;

/// <summary>The actions the model store writes to the audit log.</summary>
public static class AuditActions
{
    /// <summary>A version went from Pending to Approved.</summary>
    public const string Approve = "approve";

    /// <summary>A promotion finished (its result says how).</summary>
    public const string Promote = "promote";
}
