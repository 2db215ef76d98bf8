using System.Buffers;
using System.Runtime.CompilerServices;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// The writing pass over the CSV: mask every row, write each quasi-identifier at the level the release search chose,
/// drop the rows of the classes it suppresses, write Parquet. One thread does it all, value by value as UTF-8 in
/// reused buffers: no string per field and nothing per row that the collector has to find, so memory is the Parquet
/// writer's row group (and the search's ids) whatever the file size.
/// The hot methods here and in the maskers are compiled fully optimised at once: a one-shot run would
/// otherwise start in unoptimised code and spend JIT time on instrumented recompilations.
/// </summary>
internal sealed class MaskingPass(PrivacyPipeline.RunState run, ReleasePlan? release)
{
    private readonly ColumnPlan[] _released = run.Released;
    private readonly QuasiColumn?[] _quasiAt = [.. run.Released.Select(p => release?.Quasi.FirstOrDefault(q => q.Plan == p))];
    private readonly int[] _quasiSlot = [.. run.Released.Select(p => release is null ? -1 : Array.FindIndex(release.Quasi, q => q.Plan == p))];
    private readonly int[] _classKey = new int[release?.Quasi.Length ?? 0];
    private readonly bool _suppresses = release?.Chosen?.Outcome.Suppressed > 0;
    private readonly ArrayBufferWriter<byte> _row = new(4096);
    private readonly int[] _start = new int[run.Released.Length];
    private readonly int[] _length = new int[run.Released.Length];

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
        using (var batches = new RowBatches(source, [.. _released.Select(p => p.Index)], cancellationToken))
        {
            foreach (var batch in batches.Read())
            {
                for (var r = 0; r < batch.Rows; r++)
                {
                    MaskRow(batch, r);
                    if (_suppresses && release!.Chosen!.Hides(_classKey))
                    {
                        suppressed++;
                        continue;
                    }
                    WriteRow(writer, content);
                    rowsOut++;
                }
                rowsIn += batch.Rows;
                batches.Recycle(batch);
                run.Progress?.Report(new PipelineProgress("mask", rowsIn, batch.BytesRead, run.TotalBytes));
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

    /// <summary>
    /// Masks the current record's released values into the row buffer, laid out as the content hash reads
    /// them (each value then 0x1F, 0x00 for null, 0x1E at the end), so one bulk append hashes the row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MaskRow(RowBatch batch, int row)
    {
        _row.ResetWrittenCount();
        for (var c = 0; c < _released.Length; c++)
        {
            var plan = _released[c];
            var raw = batch.Field(row, c);
            var start = _row.WrittenCount;
            bool present;
            if (_quasiAt[c] is { } quasi)
            {
                var id = quasi.Read(raw, add: false);
                _classKey[_quasiSlot[c]] = quasi.Coarse(id);
                present = quasi.Write(id, _row);
            }
            else if (plan.PassThrough)
            {
                present = !raw.IsEmpty;
                _row.Write(raw);
            }
            else
            {
                present = plan.Apply(raw, _row);
            }
            _start[c] = start;
            _length[c] = present ? _row.WrittenCount - start : -1;
            Put(present ? ContentHash.ValueEnd : ContentHash.Null);
        }
        Put(ContentHash.RowEnd);
    }

    private void Put(byte b)
    {
        _row.GetSpan(1)[0] = b;
        _row.Advance(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRow(IMaskedTableWriter writer, ContentHash content)
    {
        var row = _row.WrittenSpan;
        for (var c = 0; c < _released.Length; c++)
        {
            if (_length[c] < 0)
            {
                writer.WriteNull(c);
            }
            else
            {
                writer.WriteUtf8(c, row.Slice(_start[c], _length[c]));
            }
        }
        writer.EndRow();
        content.AppendRow(row);
    }

    private PipelineReport Report(long rowsIn, long rowsOut, long suppressed, string inputSha, string contentHash) =>
        PrivacyPipeline.Report(run, rowsIn, new OutputSummary(run.Request.OutputPath, rowsOut, _released.Length, contentHash, null), inputSha, release, suppressed);
}
