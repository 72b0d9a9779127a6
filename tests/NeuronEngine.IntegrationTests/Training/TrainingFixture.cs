namespace NeuronEngine.IntegrationTests.Training;

/// <summary>The engine the training test classes share (see <see cref="TrainingCollection"/>); leases last the default 15 s.</summary>
public sealed class TrainingFixture() : TrainingEngine();
