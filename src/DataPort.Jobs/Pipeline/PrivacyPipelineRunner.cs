using System.Security.Cryptography;
using System.Text;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;
using Microsoft.Extensions.Options;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Runs <see cref="PrivacyPipeline"/> for an enqueued dataset version: a local CSV (path or file:// URI) in,
/// masked Parquet and a JSON report out. Idempotent: a version whose Parquet and report are both in place
/// was finished (the pipeline replaces its output only on success and writes the report last), so a
/// recovered or repeated run does nothing.
/// </summary>
internal sealed class PrivacyPipelineRunner(IOptions<JobsOptions> options) : IPipelineRunner
{
    public async Task RunAsync(PipelineRunRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var settings = options.Value.Pipeline;
        var input = LocalPath(request.InputLocation);
        var folder = Path.Combine(settings.OutputDirectory, SafeName(request.DatasetId));
        var output = Path.Combine(folder, $"{SafeName(request.Version)}.parquet");
        var report = Path.Combine(folder, $"{SafeName(request.Version)}.report.json");
        if (File.Exists(output) && File.Exists(report))
        {
            await progress.ReportAsync(1, 1, cancellationToken);
            return;
        }
        var secret = DatasetSecret(settings, request.DatasetId);
        if (!File.Exists(input))
        {
            throw Permanent($"The input {request.InputLocation} does not exist.");
        }
        Directory.CreateDirectory(folder);

        var policy = string.IsNullOrWhiteSpace(settings.PolicyPath) ? PolicyLoader.LoadDefault() : PolicyLoader.LoadFile(settings.PolicyPath);
        var pipelineRequest = new PipelineRequest(input, output, policy, secret) { ReportPath = report };

        var reporter = new ProgressBridge(progress);
        await PrivacyPipeline.RunAsync(pipelineRequest, reporter, cancellationToken);
        await reporter.CompleteAsync(cancellationToken);
    }

    private static byte[] DatasetSecret(PipelineOptions settings, string datasetId)
    {
        if (string.IsNullOrWhiteSpace(settings.PseudonymKey))
        {
            throw Permanent($"{PipelineOptions.PseudonymKeySetting} is not set, so no dataset's pseudonym key can be derived.");
        }
        var master = Convert.FromBase64String(settings.PseudonymKey);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: [], info: Encoding.UTF8.GetBytes("dataport/pseudonyms/" + datasetId));
    }

    private static string LocalPath(string location)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeFile)
        {
            throw Permanent($"Only local files (a path or a file:// URI) can be read; got {uri.Scheme}://.");
        }
        return uri is { IsFile: true } ? uri.LocalPath : location;
    }

    // Ids become folder and file names: anything but letters, digits, '.', '-' and '_' is replaced.
    private static string SafeName(string id)
    {
        var safe = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return safe.Trim('.') is { Length: > 0 } trimmed ? trimmed : "_";
    }

    /// <summary>A failure no retry can cure: the run fails at once instead of after ten attempts.</summary>
    private static JobExecutionException Permanent(string message) => new(message) { UnscheduleFiringTrigger = true };

    /// <summary>
    /// The pipeline reports synchronously from its worker thread; the run history is written asynchronously.
    /// One write in flight at a time, later reports overtake earlier ones, the last is always written.
    /// </summary>
    private sealed class ProgressBridge(IJobProgress progress) : IProgress<PipelineProgress>
    {
        private readonly Lock gate = new();
        private Task pending = Task.CompletedTask;
        private (long Done, long Total) latest;

        public void Report(PipelineProgress value)
        {
            lock (gate)
            {
                latest = (value.BytesRead, value.TotalBytes);
                if (pending.IsCompleted)
                {
                    var (done, total) = latest;
                    pending = progress.ReportAsync(done, total).AsTask();
                }
            }
        }

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            Task last;
            lock (gate)
            {
                last = pending;
            }
            await last;
            await progress.ReportAsync(latest.Total, latest.Total, cancellationToken);
        }
    }
}
