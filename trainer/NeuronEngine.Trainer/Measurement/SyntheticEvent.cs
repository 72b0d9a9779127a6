namespace NeuronEngine.Trainer.Measurement;

/// <summary>One generated event, shaped like a tracked event.</summary>
internal readonly record struct SyntheticEvent(string UserId, string ItemId, string Type, long TimestampMicros);
