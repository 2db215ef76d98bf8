using System.Runtime.CompilerServices;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// The writing pass over the CSV: mask every row, write each quasi-identifier at the level the release search chose,
/// drop the rows of the classes it suppresses, write Parquet. Four kinds of work overlap: one thread parses, one
/// masking worker per core masks batches of rows (maskers are the costliest part: keyed hashes, free-text scanning),
/// this thread writes the masked rows in file order, and the Parquet writer encodes on a thread of its own. Values
/// stay UTF-8 in reused buffers: no string per field and nothing per row that the collector has to find, so memory
/// is a few batches and the Parquet writer's row groups (and the search's ids) whatever the file size.
/// The hot methods here and in the maskers are compiled fully optimised at once: a one-shot run would
/// otherwise start in unoptimised code and spend JIT time on instrumented recompilations.
/// </summary>
internal sealed class MaskingPass(PrivacyPipeline.RunState run, ReleasePlan? release)
{
    private readonly ColumnPlan[] _released = run.Released;

    /// <summary>Writes the masked file and returns its report.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PipelineReport Write(string path)
    {
        var request = run.Request;
        var policy = request.Policy;
        var cancellationToken = run.CancellationToken;
        cancellationToken.ThrowIfCancellationRequested();
        long rowsIn = 0, rowsOut = 0, suppressed = 0;

        using var input = new HashingReadStream(new FileStream(request.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        using var source = CsvSources.Create(input);
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = run.CreateWriter(output, [.. _released.Select(p => p.Decision.Name)]);
        using var content = new ContentHash();
        var workers = run.Workers;
        using (var batches = new RowBatches(source, [.. _released.Select(p => p.Index)], cancellationToken, workers))
        using (var masking = new MaskingWorkers(batches, workers, () => new RowMasker(run.NewReleasedPlans(), release), _released.Length, cancellationToken))
        {
            foreach (var batch in masking.InFileOrder())
            {
                for (var r = 0; r < batch.Rows; r++)
                {
                    if (batch.Hidden(r))
                    {
                        suppressed++;
                        continue;
                    }
                    WriteRow(batch, r, writer, content);
                    rowsOut++;
                }
                rowsIn += batch.Rows;
                var bytesRead = batch.BytesRead;
                masking.Recycle(batch);
                run.Progress?.Report(new PipelineProgress("mask", rowsIn, bytesRead, run.TotalBytes));
            }
        }
        run.Progress?.Report(new PipelineProgress("mask", rowsIn, run.TotalBytes, run.TotalBytes));

        var report = Report(rowsIn, rowsOut, suppressed, input.HexDigest(), content.HexDigest());
        writer.Complete(new Dictionary<string, string>
        {
            [MetadataKeys.Report] = ReportJson.Serialize(report),
            [MetadataKeys.MaskingPolicy] = $"{policy.Name} sha256:{policy.Sha256}",
            [MetadataKeys.ContentHash] = $"sha256:{report.Output.ContentHash}",
            [MetadataKeys.SourceHash] = $"sha256:{report.Input.Sha256}",
        });
        return report;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRow(MaskedBatch batch, int row, IMaskedTableWriter writer, ContentHash content)
    {
        for (var c = 0; c < _released.Length; c++)
        {
            if (batch.TryValue(row, c, out var value))
            {
                writer.WriteUtf8(c, value);
            }
            else
            {
                writer.WriteNull(c);
            }
        }
        writer.EndRow();
        content.AppendRow(batch.Row(row));
    }

    private PipelineReport Report(long rowsIn, long rowsOut, long suppressed, string inputSha, string contentHash) =>
        PrivacyPipeline.Report(run, rowsIn, new OutputSummary(run.Request.OutputPath, rowsOut, _released.Length, contentHash, null), inputSha, release, suppressed);
}
