using System.Text.RegularExpressions;
using NeuronEngine.Cli.Output;
using NeuronEngine.Client;

namespace NeuronEngine.Cli.Input;

/// <summary>
/// Recovers the good rows of a batch the engine refused. A batch is all-or-nothing and the engine names the first bad
/// row (<c>events[3].type: unknown event type "clik"</c>), so the named row is counted as failed with that reason and
/// the rest is sent again, until it is accepted. Resending is safe: rows keep their ids and nothing of a refused batch
/// was stored. <paramref name="budget"/> bounds the extra calls per import; beyond it a refused batch fails whole.
/// </summary>
internal sealed partial class BatchSalvage(ImportReport report, int budget = 1000)
{
    /// <summary>Counts <paramref name="batch"/>, refused with <paramref name="error"/>, into the report, resending what it can.</summary>
    /// <param name="batch">The rows of the refused request, in request order.</param>
    /// <param name="lineOf">The file line of a row.</param>
    /// <param name="error">Why the engine refused the request.</param>
    /// <param name="send">Sends rows again; returns how many were newly stored and how many were already stored.</param>
    public async Task RecoverAsync<T>(IReadOnlyList<T> batch, Func<T, long> lineOf, NeuronClientException error, Func<List<T>, Task<(long Stored, long Duplicates)>> send)
    {
        var pending = batch.ToList();
        while (pending.Count > 0)
        {
            var index = IndexOf(error);
            if (error.IsTransient || index is not { } i || i >= pending.Count || budget <= 0)
            {
                var reason = index is null ? Reason(error) : $"not sent: its batch was refused ({Reason(error)})";
                foreach (var row in pending)
                {
                    report.Fail(lineOf(row), reason);
                }

                return;
            }

            budget--;
            report.Fail(lineOf(pending[i]), Reason(error));
            pending.RemoveAt(i);
            if (pending.Count == 0)
            {
                return;
            }

            try
            {
                var (stored, duplicates) = await send(pending);
                report.Sent += stored + duplicates;
                report.Duplicates += duplicates;
                return;
            }
            catch (NeuronClientException ex)
            {
                error = ex;
            }
        }
    }

    /// <summary>The engine's message without the request path (<c>type: …</c>), or with the status when it names no row.</summary>
    public static string Reason(NeuronClientException error) =>
        IndexedField().Match(error.Detail) is { Success: true } match
            ? error.Detail[match.Length..]
            : $"{CliErrors.StatusName(error.StatusCode)}: {error.Detail}";

    private static int? IndexOf(NeuronClientException error) =>
        IndexedField().Match(error.Field ?? error.Detail) is { Success: true } match && int.TryParse(match.Groups[1].ValueSpan, out var index)
            ? index
            : null;

    [GeneratedRegex(@"^[a-z_]+\[(\d+)\]\.?", RegexOptions.CultureInvariant)]
    private static partial Regex IndexedField();
}
