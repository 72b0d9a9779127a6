namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// A run's train and eval sets over one shared id space: every item is in train (an item seen only in eval is
/// dropped), every user has training interactions, and no (user, item) pair is in both sets.
/// </summary>
/// <param name="Users">User ids by dense index.</param>
/// <param name="Items">Item ids by dense index (the catalog every model scores).</param>
/// <param name="Train">What models learn from.</param>
/// <param name="Eval">Each eval user's held-out interactions.</param>
/// <param name="Report">Sizes, hashes and provenance for the run manifest.</param>
internal sealed record TrainEvalDataset(IdVocabulary Users, IdVocabulary Items, InteractionSet Train, InteractionSet Eval, SplitReport Report);
