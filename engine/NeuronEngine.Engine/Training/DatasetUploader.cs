using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// <c>UploadDataset</c> end to end: check the header, take an upload slot (<see cref="UploadSlots"/>), stream the bytes to
/// a staging file (hashing as they arrive, within <see cref="TrainingOptions.MaxDatasetBytes"/> and
/// <see cref="LimitsOptions.MaxDatasetLineBytes"/> per line), parse every line, then move the file into place and record
/// it. Any failure deletes the staging file, so nothing of a refused upload is kept.
/// </summary>
internal sealed class DatasetUploader(IDatasetStore store, DatasetFiles files, UploadSlots slots, IOptions<TrainingOptions> options, IOptions<LimitsOptions> limits)
{
    /// <param name="tenant">The caller's tenant.</param>
    /// <param name="header">The upload's header (the call's first message).</param>
    /// <param name="chunks">The dataset's bytes in order; each chunk is written before the next is asked for.</param>
    /// <param name="cancellationToken">The call's token.</param>
    public async Task<UploadedDataset> UploadAsync(string tenant, UploadDatasetHeader header, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        store.CheckNew(tenant, header.DatasetId, header.Description);
        using var slot = slots.Take(tenant);
        var staging = files.NewStagingFile(tenant);
        try
        {
            var (bytes, sha256) = await ReceiveAsync(chunks, staging, cancellationToken);
            long events = 0;
            // Fingerprints, not strings: a gigabyte upload can hold millions of distinct ids.
            var users = new HashSet<UInt128>();
            var items = new HashSet<UInt128>();
            await foreach (var line in DatasetFiles.ReadAsync(staging, cancellationToken))
            {
                events++;
                users.Add(IdFingerprint.Of(line.UserId));
                items.Add(IdFingerprint.Of(line.ItemId));
            }

            if (events == 0)
            {
                NeuronException.ThrowInvalidArgument("chunk", "the dataset holds no events: every line is blank");
            }

            var relative = files.Place(staging, tenant, header.DatasetId);
            try
            {
                return store.Add(tenant, header.DatasetId, header.Description, relative, events, users.Count, items.Count, bytes, sha256);
            }
            catch
            {
                files.Delete(relative);
                throw;
            }
        }
        finally
        {
            DatasetFiles.Discard(staging);
        }
    }

    private async Task<(long Bytes, string Sha256)> ReceiveAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, string staging, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxDatasetBytes;
        var lines = new LineMeter(limits.Value.MaxDatasetLineBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        await using (var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken))
            {
                bytes += chunk.Length;
                if (bytes > limit)
                {
                    NeuronException.ThrowInvalidArgument("chunk", $"the dataset is larger than {limit} bytes ({TrainingOptions.SectionName}:{nameof(TrainingOptions.MaxDatasetBytes)})");
                }

                lines.Feed(chunk.Span);
                hash.AppendData(chunk.Span);
                await file.WriteAsync(chunk, cancellationToken);
            }
        }

        if (bytes == 0)
        {
            NeuronException.ThrowInvalidArgument("chunk", "the upload carried no bytes");
        }

        return (bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>
    /// Measures lines as the bytes arrive, so an overlong line is refused before the file is read back (the parser reads a
    /// line whole). Breaks are counted as the parser counts them (<c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>), so the
    /// line numbers agree; the break itself is not part of the length.
    /// </summary>
    private struct LineMeter(int limit)
    {
        private long number = 1;
        private long length;
        private bool afterCr;

        public void Feed(ReadOnlySpan<byte> bytes)
        {
            while (true)
            {
                var at = bytes.IndexOfAny((byte)'\r', (byte)'\n');
                var run = at < 0 ? bytes.Length : at;
                length += run;
                if (length > limit)
                {
                    NeuronException.ThrowInvalidArgument(string.Create(CultureInfo.InvariantCulture, $"line {number}"),
                        string.Create(CultureInfo.InvariantCulture, $"is longer than {LimitsOptions.Key(nameof(LimitsOptions.MaxDatasetLineBytes))} ({limit} bytes)"));
                }

                if (at < 0)
                {
                    afterCr &= run == 0;
                    return;
                }

                if (bytes[at] == (byte)'\n' && afterCr && run == 0)
                {
                    // The \n of a \r\n: the \r already ended the line.
                    afterCr = false;
                }
                else
                {
                    number++;
                    length = 0;
                    afterCr = bytes[at] == (byte)'\r';
                }

                bytes = bytes[(at + 1)..];
            }
        }
    }
}
