using System.Security.Cryptography;
using System.Text;
using DataPort.Privacy.Masking;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// CSV → classify → mask → k-anonymity check → Parquet, in bounded memory:
/// the first rows are classified; pass 1 counts equivalence classes of the masked quasi-identifiers
/// (memory grows with distinct classes, not rows); pass 2 masks, drops rows of classes below k when the
/// policy says so, and streams the output to a temporary file that replaces the target only on success.
/// </summary>
public static class PrivacyPipeline
{
    private const int ProgressEvery = 16_384;

    public static Task<PipelineReport> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(request, ParquetTableWriter.Create, progress, cancellationToken);

    public static Task<PipelineReport> RunAsync(
        PipelineRequest request,
        Func<Stream, IReadOnlyList<string>, IMaskedTableWriter> createWriter,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken) =>
        Task.Run(() => Run(request, createWriter, progress, cancellationToken), cancellationToken);

    private static PipelineReport Run(
        PipelineRequest request,
        Func<Stream, IReadOnlyList<string>, IMaskedTableWriter> createWriter,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var policy = request.Policy;
        var today = request.Today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var totalBytes = new FileInfo(request.InputPath).Length;

        progress?.Report(new PipelineProgress("classify", 0, 0, totalBytes));
        var decisions = ColumnClassification.Classify(request.InputPath, policy, today);
        var plans = decisions.Select((decision, i) => ColumnPlan.Create(i, decision, policy, request.DatasetSecret, today)).ToArray();
        var quasi = plans.Where(p => p.QuasiIdentifier && p.Released).ToArray();

        EquivalenceClasses? classes = null;
        RiskAssessment? assessment = null;
        if (quasi.Length > 0)
        {
            classes = CountClasses(request.InputPath, quasi, totalBytes, progress, cancellationToken);
            assessment = classes.Assess(policy.Risk.K);
            if (!assessment.Passes && policy.Risk.OnRisk == OnRisk.Fail)
            {
                throw new RiskCheckFailedException(assessment, [.. quasi.Select(p => p.Decision.Name)]);
            }
        }

        var released = plans.Where(p => p.Released).ToArray();
        var temporary = TemporaryPathFor(request.OutputPath);
        try
        {
            var run = new RunState(request, plans, released, quasi, classes, assessment, totalBytes, startedAt);
            var written = WriteMasked(run, createWriter, temporary, progress, cancellationToken);
            File.Move(temporary, request.OutputPath, overwrite: true);
            var report = written with
            {
                FinishedAt = DateTimeOffset.UtcNow,
                Output = written.Output with { FileSha256 = Sha256OfFile(request.OutputPath) },
            };
            if (request.ReportPath is { } reportPath)
            {
                WriteAtomically(reportPath, Encoding.UTF8.GetBytes(ReportJson.Serialize(report)));
            }
            return report;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static EquivalenceClasses CountClasses(
        string inputPath, ColumnPlan[] quasi, long totalBytes, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        var classes = new EquivalenceClasses();
        var masked = new string[quasi.Length];
        using var source = CsvSources.Open(inputPath);
        long rows = 0;
        while (source.Read(out var row))
        {
            for (var j = 0; j < quasi.Length; j++)
            {
                masked[j] = quasi[j].Apply(row[quasi[j].Index]) ?? "";
            }
            classes.Add(classes.KeyOf(masked));
            if (++rows % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new PipelineProgress("risk", rows, source.BytesRead, totalBytes));
            }
        }
        progress?.Report(new PipelineProgress("risk", rows, totalBytes, totalBytes));
        return classes;
    }

    private sealed record RunState(
        PipelineRequest Request,
        ColumnPlan[] Plans,
        ColumnPlan[] Released,
        ColumnPlan[] Quasi,
        EquivalenceClasses? Classes,
        RiskAssessment? Assessment,
        long TotalBytes,
        DateTimeOffset StartedAt);

    private static PipelineReport WriteMasked(
        RunState run,
        Func<Stream, IReadOnlyList<string>, IMaskedTableWriter> createWriter,
        string temporary,
        IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        var (request, plans, released, quasi, classes, assessment, totalBytes, startedAt) = run;
        var policy = request.Policy;
        var suppressRows = assessment is { Passes: false };
        // Where each quasi-identifier sits among the released columns, to rebuild the class key from masked values.
        var quasiPositions = quasi.Select(q => Array.IndexOf(released, q)).ToArray();
        var quasiValues = new string[quasi.Length];
        var values = new string?[released.Length];
        var content = new ContentHash();
        long rowsIn = 0, rowsOut = 0, suppressed = 0;

        using var input = new HashingReadStream(new FileStream(request.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
        using var source = CsvSources.Create(input);
        using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        using var writer = createWriter(output, [.. released.Select(p => p.Decision.Name)]);
        while (source.Read(out var row))
        {
            rowsIn++;
            for (var c = 0; c < released.Length; c++)
            {
                values[c] = released[c].Apply(row[released[c].Index]);
            }
            if (suppressRows)
            {
                for (var j = 0; j < quasiPositions.Length; j++)
                {
                    quasiValues[j] = values[quasiPositions[j]] ?? "";
                }
                if (classes!.CountOf(classes.KeyOf(quasiValues)) < policy.Risk.K)
                {
                    suppressed++;
                    continue;
                }
            }
            content.AppendRow(values);
            writer.WriteRow(values);
            rowsOut++;
            if (rowsIn % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new PipelineProgress("mask", rowsIn, source.BytesRead, totalBytes));
            }
        }
        progress?.Report(new PipelineProgress("mask", rowsIn, totalBytes, totalBytes));

        var risk = new RiskReport(
            policy.Risk.K,
            policy.Risk.QuasiIdentifiers,
            policy.Risk.OnRisk == OnRisk.Fail ? "fail" : "suppress-rows",
            assessment?.KBefore,
            assessment is null ? null : suppressRows ? assessment.KAfterSuppression : assessment.KBefore,
            assessment?.Classes ?? 0,
            suppressed);
        var report = new PipelineReport(
            "dataport",
            startedAt,
            DateTimeOffset.UtcNow,
            new InputSummary(request.InputPath, totalBytes, rowsIn, input.HexDigest()),
            new OutputSummary(request.OutputPath, rowsOut, released.Length, content.HexDigest(), null),
            new PolicySummary(policy.Name, policy.Sha256, PseudonymMasker.Fingerprint(request.DatasetSecret)),
            ReportColumns.From(plans),
            risk);
        writer.Complete(new Dictionary<string, string>
        {
            [MetadataKeys.Report] = ReportJson.Serialize(report),
            [MetadataKeys.MaskingPolicy] = $"{policy.Name} sha256:{policy.Sha256}",
            [MetadataKeys.ContentHash] = $"sha256:{report.Output.ContentHash}",
            [MetadataKeys.SourceHash] = $"sha256:{report.Input.Sha256}",
        });
        return report;
    }

    // Same folder as the target so the final rename is atomic and never crosses file systems.
    private static string TemporaryPathFor(string outputPath)
    {
        var full = Path.GetFullPath(outputPath);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }

    internal static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = TemporaryPathFor(path);
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string Sha256OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
