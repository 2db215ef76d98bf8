using System.Text;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Pipeline;

/// <summary>One pass over the CSV: mask every row, optionally count or filter by equivalence class, write Parquet.</summary>
internal sealed class MaskingPass(PrivacyPipeline.RunState run, string phase, EquivalenceClasses? countInto, EquivalenceClasses? suppressBelowK)
{
    private const int ProgressEvery = 16_384;

    private readonly ColumnPlan[] _released = run.Released;
    private readonly int[] _quasiPositions = [.. run.Quasi.Select(q => Array.IndexOf(run.Released, q))];
    private byte[] _scratch = new byte[1024];

    /// <summary>The classes counted in this pass (null when the policy names no quasi-identifier present in the file).</summary>
    public EquivalenceClasses? Classes => countInto;

    /// <summary>
    /// Writes the masked file and returns its report, or null when classes fell below k and the policy says
    /// to suppress rows (the caller runs a suppressing pass). Throws when they fell below k and the policy says fail.
    /// </summary>
    public PipelineReport? Write(string path)
    {
        var request = run.Request;
        var policy = request.Policy;
        var masked = new string?[_released.Length];
        var quasiValues = new string[_quasiPositions.Length];
        long rowsIn = 0, rowsOut = 0, suppressed = 0;

        using var input = new HashingReadStream(new FileStream(request.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        using var source = CsvSources.Create(input);
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        using var writer = run.CreateWriter(output, [.. _released.Select(p => p.Decision.Name)]);
        using var content = new ContentHash();
        while (source.Read())
        {
            rowsIn++;
            for (var c = 0; c < _released.Length; c++)
            {
                if (!_released[c].PassThrough)
                {
                    masked[c] = _released[c].Apply(source.GetString(_released[c].Index));
                }
            }
            if (_quasiPositions.Length > 0)
            {
                for (var j = 0; j < _quasiPositions.Length; j++)
                {
                    quasiValues[j] = masked[_quasiPositions[j]] ?? "";
                }
                var classes = countInto ?? suppressBelowK!;
                var key = classes.KeyOf(quasiValues);
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
            WriteRow(source, masked, writer, content);
            rowsOut++;
            if (rowsIn % ProgressEvery == 0)
            {
                run.CancellationToken.ThrowIfCancellationRequested();
                run.Progress?.Report(new PipelineProgress(phase, rowsIn, source.BytesRead, run.TotalBytes));
            }
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

    private void WriteRow(ICsvSource source, string?[] masked, IMaskedTableWriter writer, ContentHash content)
    {
        for (var c = 0; c < _released.Length; c++)
        {
            ReadOnlySpan<byte> bytes;
            if (_released[c].PassThrough)
            {
                bytes = source.GetUtf8(_released[c].Index);
                if (bytes.IsEmpty)
                {
                    writer.WriteNull(c);
                    content.AppendNull();
                    continue;
                }
            }
            else if (masked[c] is { } value)
            {
                bytes = Encode(value);
            }
            else
            {
                writer.WriteNull(c);
                content.AppendNull();
                continue;
            }
            writer.WriteUtf8(c, bytes);
            content.AppendValue(bytes);
        }
        writer.EndRow();
        content.EndRow();
    }

    // One UTF-8 encoding serves both the Parquet page and the content hash.
    private ReadOnlySpan<byte> Encode(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _scratch.Length)
        {
            _scratch = new byte[Math.Max(max, _scratch.Length * 2)];
        }
        return _scratch.AsSpan(0, Encoding.UTF8.GetBytes(value, _scratch));
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
