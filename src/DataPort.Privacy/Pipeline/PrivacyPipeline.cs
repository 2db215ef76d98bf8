using System.Security.Cryptography;
using System.Text;
using DataPort.Privacy.Masking;
using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// CSV → classify → mask → k-anonymity check → Parquet, in bounded memory. The first rows are classified;
/// then one pass masks, writes to a temporary file and counts equivalence classes of the masked
/// quasi-identifiers (memory grows with distinct classes, not rows). When every class reaches k that pass is
/// the result. When one does not, the run fails (on_risk: fail) or a second pass writes the file again
/// without the rows of the small classes (on_risk: suppress-rows). The target is replaced only on success.
/// </summary>
public static class PrivacyPipeline
{
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
        var run = new RunState(request, plans, createWriter, totalBytes, startedAt, progress, cancellationToken);

        var temporary = TemporaryPathFor(request.OutputPath);
        string? second = null;
        try
        {
            var pass = new MaskingPass(run, "mask", run.Quasi.Length > 0 ? new EquivalenceClasses() : null, suppressBelowK: null);
            var report = pass.Write(temporary);
            if (report is null)
            {
                // Some classes are below k and the policy allows dropping their rows: write again without them.
                second = TemporaryPathFor(request.OutputPath);
                report = new MaskingPass(run, "suppress", countInto: null, suppressBelowK: pass.Classes).Write(second)!;
                File.Move(second, request.OutputPath, overwrite: true);
            }
            else
            {
                File.Move(temporary, request.OutputPath, overwrite: true);
            }
            report = report with
            {
                FinishedAt = DateTimeOffset.UtcNow,
                Output = report.Output with { FileSha256 = Sha256OfFile(request.OutputPath) },
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
            if (second is not null)
            {
                File.Delete(second);
            }
        }
    }

    internal sealed record RunState(
        PipelineRequest Request,
        ColumnPlan[] Plans,
        Func<Stream, IReadOnlyList<string>, IMaskedTableWriter> CreateWriter,
        long TotalBytes,
        DateTimeOffset StartedAt,
        IProgress<PipelineProgress>? Progress,
        CancellationToken CancellationToken)
    {
        public ColumnPlan[] Released { get; } = [.. Plans.Where(p => p.Released)];

        // A suppressed quasi-identifier is not in the output, so it cannot help single anyone out.
        public ColumnPlan[] Quasi { get; } = [.. Plans.Where(p => p.QuasiIdentifier && p.Released)];

        public string SecretFingerprint { get; } = PseudonymMasker.Fingerprint(Request.DatasetSecret);
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
