namespace NeuronEngine.Trainer.Datasets;

/// <summary>How many events one template signal had in the data window, and what the template asked of it.</summary>
/// <param name="Type">The event type.</param>
/// <param name="Weight">The template's weight for it.</param>
/// <param name="Threshold">The template's minimum event count for it.</param>
/// <param name="Events">Events of this type in the tenant, window and tag scope (before de-duplication).</param>
internal sealed record SignalStat(string Type, float Weight, long Threshold, long Events);
