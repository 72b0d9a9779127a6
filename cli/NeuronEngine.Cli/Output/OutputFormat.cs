namespace NeuronEngine.Cli.Output;

/// <summary>How results are printed: tables for people, JSON for scripts (one document per command on stdout).</summary>
public enum OutputFormat
{
    /// <summary>Spectre.Console tables and lines.</summary>
    Table,

    /// <summary>One JSON document: protobuf messages in their canonical JSON mapping, other results as plain objects.</summary>
    Json,
}
