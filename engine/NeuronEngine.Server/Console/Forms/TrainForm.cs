namespace NeuronEngine.Server.Console.Forms;

/// <summary>The Train form of a Published template: the options <c>StartRun</c> takes, with the engine's defaults filled in.</summary>
public sealed class TrainForm
{
    public string? Epochs { get; set; }

    public string? BatchSize { get; set; }

    public string? LearningRate { get; set; }

    public string? Recipe { get; set; }
}
