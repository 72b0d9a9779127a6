namespace NeuronEngine.Trainer.Datasets;

/// <summary>One (user, item) interaction after de-duplication, with dense ids from the dataset's vocabularies.</summary>
/// <param name="User">Dense user index into <see cref="TrainEvalDataset.Users"/>.</param>
/// <param name="Item">Dense item index into <see cref="TrainEvalDataset.Items"/>.</param>
/// <param name="Weight">The template's signal weight (the largest among the pair's events), 1–100.</param>
/// <param name="TimestampMicros">The pair's latest event time, microseconds since the Unix epoch (UTC).</param>
internal readonly record struct Interaction(int User, int Item, float Weight, long TimestampMicros);
