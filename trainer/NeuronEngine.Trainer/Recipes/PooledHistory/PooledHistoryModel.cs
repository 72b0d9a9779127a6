using NeuronEngine.Models.Contract;
using System.Globalization;
using NeuronEngine.Core;
using NeuronEngine.Onnx;
using NeuronEngine.Trainer.Datasets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// Trains <see cref="PooledHistoryNetwork"/> the way it is served (RECIPES.md): each sample pools the unhidden part
/// of a user's recent history and is scored by a softmax over the whole catalog; the loss is the cross-entropy of the
/// hidden items (multinomial likelihood), averaged per user and then over the batch. Adam with weight decay.
/// </summary>
/// <remarks>
/// Every step runs in its own dispose scope, so a step's activations (about batch × items floats, 200 MB at
/// 512 × 100k) are freed before the next. Deterministic for a seed and a fixed thread count on CPU. On a CUDA device
/// (<see cref="TrainingSettings.Device"/>) the parameters and each step's tensors live there; scores and weights are
/// copied back to the host for evaluation and export.
/// </remarks>
internal sealed class PooledHistoryModel : IRecipeModel
{
    private readonly PooledHistoryNetwork network;
    private readonly MaskedSampler sampler;
    private readonly Adam optimizer;
    private readonly NoCollectionRegion noCollection = new();

    public PooledHistoryModel(TrainEvalDataset dataset, RecentHistories histories, TrainingSettings settings, PooledHistoryOptions options)
    {
        var random = new Random(unchecked((int)settings.Seed ^ (int)(settings.Seed >> 32)));
        // The options were validated at start-up; anything else falls back to auto.
        Scoring = ScoringPrecisions.TryParse(options.Scoring, out var scoring) && scoring is { } chosen
            ? chosen
            : ScoringPrecisions.Auto(dataset.Items.Count, options.Dimensions);
        network = new PooledHistoryNetwork(dataset.Items.Count, options.Dimensions, [.. options.HiddenLayers], LogPopularity(dataset.Train), random, settings.Device);
        sampler = new MaskedSampler(histories, options, settings.BatchSize, random);
        optimizer = torch.optim.Adam(network.Parameters(), lr: settings.LearningRate, weight_decay: options.WeightDecay);
    }

    public bool Trains => true;

    public long StepsPerEpoch => sampler.StepsPerEpoch;

    public int ItemCount => network.Items;

    public int Dimensions => network.Dimensions;

    /// <summary>Users the sampler trains on (at least two history items).</summary>
    public int TrainableUsers => sampler.TrainableUsers;

    public double TrainEpoch(Action<long> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var order = sampler.EpochOrder();
        double total = 0;
        long step = 0;
        for (var start = 0; start < order.Length; start += sampler.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var samples = order.AsSpan(start, Math.Min(sampler.BatchSize, order.Length - start));
            var batch = sampler.Next(samples);
            noCollection.Reserve(StepBytes(batch.Rows, batch.Width));
            var loss = Step(batch);
            step++;

            // Once a step is non-finite every later one is too; stopping here saves the rest of the epoch.
            if (!float.IsFinite(loss))
            {
                noCollection.Dispose();
                throw NeuronException.FailedPrecondition(
                    $"training diverged: the loss is {loss.ToString(CultureInfo.InvariantCulture)} at step {step} of {StepsPerEpoch}; a lower learning_rate usually helps");
            }

            total += loss * samples.Length;
            progress(step);
        }

        noCollection.Dispose();
        return order.Length == 0 ? 0 : total / order.Length;
    }

    public void Score(ReadOnlySpan<long> items, ReadOnlySpan<float> weights, int batch, Span<float> scores)
    {
        var width = items.Length / batch;
        var itemArray = items.ToArray();
        var weightArray = weights.ToArray();
        using var scope = torch.NewDisposeScope();
        Tensor logits;
        noCollection.Reserve(StepBytes(batch, width));
        using (torch.no_grad())
        {
            logits = network.Logits(network.User(network.Pool(TorchArrays.Copy(itemArray, network.Device, batch, width), TorchArrays.Copy(weightArray, network.Device, batch, width))));
        }

        noCollection.Dispose();
        logits.cpu().data<float>().CopyTo(scores);
    }

    public IReadOnlyList<float[]> SaveState() => network.SaveState();

    public void LoadState(IReadOnlyList<float[]> state) => network.LoadState(state);

    /// <summary>The configured precision, or for <c>auto</c> the one the catalog's table size calls for.</summary>
    public ScoringPrecision Scoring { get; }

    public OnnxGraphBuilder Export() => network.Export(Scoring);

    public void Dispose()
    {
        noCollection.Dispose();
        optimizer.Dispose();
        network.Dispose();
    }

    private float Step(MaskedBatch batch)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var device = network.Device;
        var pooled = network.Pool(TorchArrays.Copy(batch.Inputs, device, batch.Rows, batch.Width), TorchArrays.Copy(batch.InputWeights, device, batch.Rows, batch.Width));
        var logProbabilities = torch.nn.functional.log_softmax(network.Logits(network.User(pooled)), 1);
        var targets = logProbabilities.gather(1, TorchArrays.Copy(batch.Targets, device, batch.Rows, batch.Width));
        var loss = -(targets * TorchArrays.Copy(batch.TargetMask, device, batch.Rows, batch.Width)).sum() / batch.Rows;
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>A generous bound on the managed bytes one step allocates: the next batch's arrays and the wrappers.</summary>
    private long StepBytes(int rows, int width) => (4L << 20) + ((long)rows * ((width * 24) + (network.Dimensions * 4)));

    /// <summary>log(1 + summed training weight), centred: a popularity prior the item bias starts from.</summary>
    private static float[] LogPopularity(InteractionSet train)
    {
        var prior = new float[train.ItemCount];
        foreach (var x in train.All)
        {
            prior[x.Item] += x.Weight;
        }

        var mean = 0.0;
        for (var i = 0; i < prior.Length; i++)
        {
            prior[i] = MathF.Log(1 + prior[i]);
            mean += prior[i];
        }

        mean /= Math.Max(1, prior.Length);
        for (var i = 0; i < prior.Length; i++)
        {
            prior[i] -= (float)mean;
        }

        return prior;
    }
}
