using System.Collections.Concurrent;
using System.Text;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// One pass over the CSV: mask every row, count or filter by equivalence class, write Parquet. Two threads
/// share the work: one reads and masks, the other keys classes, encodes and writes; they exchange pooled
/// batches through a bounded queue, so memory stays at a few batches.
/// </summary>
internal sealed class MaskingPass(PrivacyPipeline.RunState run, string phase, EquivalenceClasses? countInto, EquivalenceClasses? suppressBelowK)
{
    private const int BatchRows = 1024;
    private const int BatchesInFlight = 4;

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
        var quasiValues = new string[_quasiPositions.Length];
        long rowsIn = 0, rowsOut = 0, suppressed = 0;

        using var input = new HashingReadStream(new FileStream(request.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        using var source = CsvSources.Create(input);
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        using var writer = run.CreateWriter(output, [.. _released.Select(p => p.Decision.Name)]);
        using var content = new ContentHash();
        using var full = new BlockingCollection<RowBatch>(BatchesInFlight);
        using var free = new BlockingCollection<RowBatch>(BatchesInFlight);
        for (var i = 0; i < BatchesInFlight; i++)
        {
            free.Add(new RowBatch(BatchRows, _released.Length));
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(run.CancellationToken);
        var reader = Task.Factory.StartNew(() => Produce(source, full, free, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var batch in full.GetConsumingEnumerable(stop.Token))
            {
                for (var r = 0; r < batch.Count; r++)
                {
                    rowsIn++;
                    var cells = r * _released.Length;
                    if (_quasiPositions.Length > 0)
                    {
                        for (var j = 0; j < _quasiPositions.Length; j++)
                        {
                            quasiValues[j] = batch.Values[cells + _quasiPositions[j]] ?? "";
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
                    WriteRow(batch, cells, writer, content);
                    rowsOut++;
                }
                run.Progress?.Report(new PipelineProgress(phase, rowsIn, batch.BytesRead, run.TotalBytes));
                free.Add(batch, stop.Token);
            }
            // Surfaces the reader's own failure (malformed CSV, cancellation) after the queue drained.
            reader.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try
            {
                reader.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Already rethrown above when it mattered; here only the thread's end is awaited.
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

    /// <summary>The reading thread: parse, decode and mask into pooled batches.</summary>
    private void Produce(ICsvSource source, BlockingCollection<RowBatch> full, BlockingCollection<RowBatch> free, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var batch = free.Take(cancellationToken);
                batch.Clear();
                var more = true;
                while (batch.Count < batch.Capacity && (more = source.Read()))
                {
                    var cells = batch.Count * _released.Length;
                    for (var c = 0; c < _released.Length; c++)
                    {
                        var plan = _released[c];
                        if (plan.PassThrough)
                        {
                            batch.SetRaw(cells + c, source.GetUtf8(plan.Index));
                        }
                        else
                        {
                            batch.Values[cells + c] = plan.Apply(source.GetString(plan.Index));
                        }
                    }
                    batch.Count++;
                }
                batch.BytesRead = source.BytesRead;
                if (batch.Count > 0)
                {
                    full.Add(batch, cancellationToken);
                }
                if (!more)
                {
                    return;
                }
            }
        }
        finally
        {
            full.CompleteAdding();
        }
    }

    private void WriteRow(RowBatch batch, int cells, IMaskedTableWriter writer, ContentHash content)
    {
        for (var c = 0; c < _released.Length; c++)
        {
            ReadOnlySpan<byte> bytes;
            if (_released[c].PassThrough)
            {
                bytes = batch.Raw(cells + c);
            }
            else if (batch.Values[cells + c] is { } value)
            {
                bytes = Encode(value);
            }
            else
            {
                bytes = default;
            }
            if (bytes.IsEmpty)
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
