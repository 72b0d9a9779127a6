using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Recipes.Neighbours;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuronEngine.Trainer.Recipes.Ease;

/// <summary>
/// The fitted EASE weights B (row h = what item h in a history adds to every item's score), kept as each row's
/// largest positive entries and served through the sparse neighbour graph.
/// </summary>
internal sealed class EaseModel : NeighbourModel
{
    private EaseModel(NeighbourLists lists)
        : base(lists)
    {
    }

    /// <summary>
    /// Solves for B on the binary training matrix: G = XᵀX + λI accumulated in blocks of users, P = G⁻¹ through a
    /// Cholesky factor, B = −P / diag(P) column-wise with a zero diagonal; then each row's <c>options.NeighboursFor</c>
    /// largest positive entries are kept. The Gram matrix and its inversion are computed on <paramref name="device"/>
    /// (the trainer's), the neighbour lists on the host.
    /// </summary>
    public static EaseModel Fit(InteractionSet train, EaseOptions options, Device device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        var n = train.ItemCount;
        var dtype = n > options.DoublePrecisionItems ? ScalarType.Float32 : ScalarType.Float64;
        float[] dense;
        using (var scope = torch.NewDisposeScope())
        {
            var gram = torch.zeros([n, n], dtype, device);
            const int BlockUsers = 1024;
            var block = new float[(long)BlockUsers * n];
            for (var start = 0; start < train.UserCount; start += BlockUsers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(BlockUsers, train.UserCount - start);
                Array.Clear(block);
                for (var r = 0; r < rows; r++)
                {
                    foreach (var x in train.ForUser(start + r))
                    {
                        block[((long)r * n) + x.Item] = 1f;
                    }
                }

                using var inner = torch.NewDisposeScope();
                var xb = torch.tensor(block, [BlockUsers, n]).narrow(0, 0, rows).to(dtype, device);
                gram.add_(xb.t().mm(xb));
            }

            cancellationToken.ThrowIfCancellationRequested();
            gram.diagonal().add_(options.Lambda);

            // XᵀX + λI is symmetric positive definite: a Cholesky factor inverts it stably. Each step frees what it no
            // longer needs, so at most two items² matrices are alive (plus the float copy read below).
            var factor = torch.linalg.cholesky(gram);
            gram.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            var p = torch.cholesky_inverse(factor);
            factor.Dispose();
            cancellationToken.ThrowIfCancellationRequested();

            // B = −P / diag(P), column-wise, in place; zero diagonal.
            p.div_(p.diagonal().clone().unsqueeze(0)).neg_();
            p.diagonal().zero_();
            dense = p.to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray();
        }

        var width = options.NeighboursFor(n);
        var lists = NeighbourLists.Build(n, width, (h, buffers) =>
        {
            var row = dense.AsSpan((int)((long)h * n), n);
            var count = 0;
            for (var j = 0; j < n; j++)
            {
                if (row[j] > 0)
                {
                    buffers.Targets[count] = j;
                    buffers.Values[count++] = row[j];
                }
            }

            return count;
        }, [], torch.get_num_threads(), cancellationToken);
        return new EaseModel(lists);
    }
}
