namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>The sizes of the demo shop and its training run.</summary>
internal sealed record DemoOptions(int Users, int Items, int Events, int Seed, int Epochs)
{
    /// <summary>Every problem with the sizes; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Users < 20)
        {
            errors.Add($"--users: at least 20, not {Users}");
        }

        if (Items < DemoCategories.All.Length * 4)
        {
            errors.Add($"--items: at least {DemoCategories.All.Length * 4} (four per department), not {Items}");
        }

        if (Events < Users * 5)
        {
            errors.Add($"--events: at least 5 per user ({Users * 5}), not {Events}");
        }

        if (Epochs is < 1 or > 50)
        {
            errors.Add($"--epochs: 1–50, not {Epochs}");
        }

        return errors;
    }
}
