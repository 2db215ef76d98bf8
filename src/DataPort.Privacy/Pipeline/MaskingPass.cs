using System.Buffers;
using System.Runtime.CompilerServices;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// One pass over the CSV: mask every row, count or filter by equivalence class, write Parquet. One thread
/// does it all, value by value as UTF-8 in reused buffers: no string per field and nothing per row that the
/// collector has to find, so memory is the Parquet writer's row group whatever the file size.
/// The hot methods here and in the maskers are compiled fully optimised at once: a one-shot run would
/// otherwise start in unoptimised code and spend JIT time on instrumented recompilations.
/// </summary>
internal sealed class MaskingPass(PrivacyPipeline.RunState run, string phase, EquivalenceClasses? countInto, EquivalenceClasses? suppressBelowK)
{
    // Progress and cancellation are looked at once per this many rows.
    private const int RowsPerCheck = 4096;

    private readonly ColumnPlan[] _released = run.Released;
    private readonly int[] _quasiPositions = [.. run.Quasi.Select(q => Array.IndexOf(run.Released, q))];
    private readonly ArrayBufferWriter<byte> _row = new(4096);
    private readonly int[] _start = new int[run.Released.Length];
    private readonly int[] _length = new int[run.Released.Length];
    private char[] _key = new char[256];

    /// <summary>The classes counted in this pass (null when the policy names no quasi-identifier present in the file).</summary>
    public EquivalenceClasses? Classes => countInto;

    /// <summary>
    /// Writes the masked file and returns its report, or null when classes fell below k and the policy says
    /// to suppress rows (the caller runs a suppressing pass). Throws when they fell below k and the policy says fail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PipelineReport? Write(string path)
    {
        var request = run.Request;
        var policy = request.Policy;
        var cancellationToken = run.CancellationToken;
        long rowsIn = 0, rowsOut = 0, suppressed = 0;

        using var input = new HashingReadStream(new FileStream(request.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        using var source = CsvSources.Create(input);
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = run.CreateWriter(output, [.. _released.Select(p => p.Decision.Name)]);
        using var content = new ContentHash();
        while (source.Read())
        {
            rowsIn++;
            if (rowsIn % RowsPerCheck == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                run.Progress?.Report(new PipelineProgress(phase, rowsIn, source.BytesRead, run.TotalBytes));
            }
            MaskRow(source);
            if (_quasiPositions.Length > 0)
            {
                var key = KeyOfRow();
                if (countInto is not null)
                {
                    countInto.Add(key);
                }
                else if (suppressBelowK!.CountOf(key) < policy.Risk.K)
                {
                    suppressed++;
                    continue;
                }
            }
            WriteRow(writer, content);
            rowsOut++;
        }
        run.Progress?.Report(new PipelineProgress(phase, rowsIn, run.TotalBytes, run.TotalBytes));

        var assessment = (countInto ?? suppressBelowK)?.Assess(policy.Risk.K);
        if (assessment is { Passes: false } && countInto is not null)
        {
            if (policy.Risk.OnRisk == OnRisk.Fail)
            {
                throw new RiskCheckFailedException(assessment, [.. run.Quasi.Select(p => p.Decision.Name)]);
            }
            return null;
        }

        var report = Report(rowsIn, rowsOut, suppressed, input.HexDigest(), content.HexDigest(), assessment);
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
    private void MaskRow(ICsvSource source)
    {
        _row.ResetWrittenCount();
        for (var c = 0; c < _released.Length; c++)
        {
            var plan = _released[c];
            var raw = source.GetUtf8(plan.Index);
            var start = _row.WrittenCount;
            bool present;
            if (plan.PassThrough)
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
    private ReadOnlySpan<char> KeyOfRow()
    {
        var length = 0;
        var row = _row.WrittenSpan;
        foreach (var c in _quasiPositions)
        {
            EquivalenceClasses.AppendToKey(_length[c] < 0 ? default : row.Slice(_start[c], _length[c]), ref _key, ref length);
        }
        return _key.AsSpan(0, length);
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

    private PipelineReport Report(long rowsIn, long rowsOut, long suppressed, string inputSha, string contentHash, RiskAssessment? assessment)
    {
        var request = run.Request;
        var policy = request.Policy;
        var risk = new RiskReport(
            policy.Risk.K,
            policy.Risk.QuasiIdentifiers,
            policy.Risk.OnRisk == OnRisk.Fail ? "fail" : "suppress-rows",
            assessment?.KBefore,
            assessment is null ? null : suppressed > 0 ? assessment.KAfterSuppression : assessment.KBefore,
            assessment?.Classes ?? 0,
            suppressed);
        return new PipelineReport(
            "dataport",
            run.StartedAt,
            DateTimeOffset.UtcNow,
            new InputSummary(request.InputPath, run.TotalBytes, rowsIn, inputSha),
            new OutputSummary(request.OutputPath, rowsOut, _released.Length, contentHash, null),
            new PolicySummary(policy.Name, policy.Sha256, run.SecretFingerprint),
            ReportColumns.From(run.Plans),
            risk);
    }
}
