using DataPort.Catalog.Publishing;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Jobs;
using DataPort.Tabular.Csv;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;
using Microsoft.Extensions.Options;
using Orleans;

namespace DataPort.Catalog.Uploads;

/// <summary>
/// The pipeline job of an upload: classifies the file under the port's policy (which fixes each column's floor
/// grade), applies the owner's choices, masks, checks k-anonymity and writes the draft release, then records the
/// draft (or why there is none) on the dataset. A run the upload no longer names (the owner chose again) does nothing,
/// so retried, recovered and overtaken runs are harmless. A malformed file fails at once; anything else is retried.
/// </summary>
internal sealed class UploadDraftRunner(IGrainFactory grains, ReleaseFiles files, IOptions<JobsOptions> jobs, TimeProvider time) : IPipelineRunner
{
    public async Task RunAsync(PipelineRunRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IDatasetGrain>(request.DatasetId);
        var upload = (await grain.GetAsync())?.State.Upload(request.UploadId)
            ?? throw new PermanentJobFailureException($"Upload {request.UploadId} of dataset {request.DatasetId} does not exist.");
        if (upload.Status != UploadStatus.Preparing || upload.RunId != request.RunId)
        {
            return;
        }
        try
        {
            var draft = await DraftAsync(request.DatasetId, upload, progress, cancellationToken);
            await RecordAsync(grain, new RecordDraft(request.DatasetId, request.UploadId, draft, Caller.System, time.GetUtcNow()));
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            await RecordAsync(grain, new RecordDraftFailure(request.DatasetId, request.UploadId, upload.Revision, failure, Caller.System, time.GetUtcNow()));
            throw new PermanentJobFailureException(failure.Message, e);
        }
    }

    private async Task<DraftRelease> DraftAsync(string datasetId, DatasetUpload upload, IJobProgress progress, CancellationToken cancellationToken)
    {
        var settings = jobs.Value.Pipeline;
        var source = files.Upload(datasetId, upload.UploadId);
        if (!File.Exists(source))
        {
            throw new UploadRejectedException("The uploaded file is no longer on the server; upload it again.");
        }
        var policy = string.IsNullOrWhiteSpace(settings.PolicyPath) ? PolicyLoader.LoadDefault() : PolicyLoader.LoadFile(settings.PolicyPath);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // The port's classification alone fixes the floors the owner's choices may not go below.
        var classified = ColumnClassification.Classify(source, policy, today);
        var (output, reportPath) = files.Draft(datasetId, upload.UploadId, upload.Revision);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var pipeline = new PipelineRequest(source, output, DraftPolicy.For(policy, datasetId, upload.Choices, classified),
            DatasetSecret(settings, datasetId))
        {
            ReportPath = reportPath,
            Today = today,
        };
        var bridge = new ProgressBridge(progress);
        PipelineReport report;
        try
        {
            report = await PrivacyPipeline.RunAsync(pipeline, bridge, cancellationToken);
        }
        catch (ReleaseRefusedException refused)
        {
            // A refused release is still a draft: the owner sees why and what the closest releases would need.
            report = refused.Report;
        }
        await bridge.CompleteAsync(report.Input.Rows, cancellationToken);
        return Draft(upload.Revision, report, classified, upload.Choices);
    }

    private static DraftRelease Draft(int revision, PipelineReport report, IReadOnlyList<ColumnDecision> classified, IReadOnlyList<ColumnChoice> choices)
    {
        var byName = classified.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var columns = report.Columns.Select(column =>
        {
            var found = byName[column.Name];
            var subject = choices.FirstOrDefault(c => c.Column == column.Name)?.Subject ?? ColumnSubject.Person;
            var grade = Grades.TryParse(column.Grade, out var parsed) ? DraftPolicy.FromPrivacy(parsed) : ColumnGrade.General;
            return new DraftColumn(column.Name, found.Entity, found.Confidence, found.Personal, found.Sensitive, subject, grade,
                DraftPolicy.FromPrivacy(found.Grade), column.Operator, column.QuasiIdentifier, column.Released);
        }).ToList();
        var risk = report.Risk;
        return new DraftRelease(revision, report.Output.ContentHash, report.Input.Rows, report.Output.Rows, risk.RowsSuppressed, risk.K,
            risk.KAchieved, report.Policy.Sha256, columns)
        {
            Anonymity = risk.Levels.Count == 0 ? null : Anonymity(risk),
        };
    }

    private static DraftAnonymity Anonymity(RiskReport risk) => new(
        risk.LossMeasure, risk.Loss, risk.K, risk.KAchieved, risk.L, risk.LAchieved, risk.SensitiveAttributes, risk.MaxSuppression,
        risk.RowsSuppressed, risk.Refused,
        [.. risk.Levels.Select(l => new DraftLevel(l.Column, l.Level, l.Levels, l.Fixed))],
        [.. risk.Candidates.Select(c => new DraftCandidate(c.Levels, c.RowsSuppressed, c.SuppressedShare, c.KAchieved, c.LAchieved, c.Loss, c.Publishable))],
        risk.LatticeSize, risk.CombinationsEvaluated);

    private static async Task RecordAsync(IDatasetGrain grain, DatasetCommand command)
    {
        try
        {
            await grain.ExecuteAsync(command);
        }
        catch (InvalidTransitionException)
        {
            // The owner chose again (or another run recorded this revision) meanwhile: this draft is not wanted.
        }
    }

    /// <summary>What the owner is told when a failure is theirs to fix; null for failures a retry may cure.</summary>
    private static UploadFailure? Failure(Exception e) => e switch
    {
        UploadRejectedException x => new UploadFailure(x.Message, x.Line, x.Column),
        CsvEncodingException x => new UploadFailure(x.Message, x.Line, x.Column),
        CsvFormatException x => new UploadFailure(x.Message, x.Line, null),
        CsvException x => new UploadFailure(x.Message, x.LineNumber == 0 ? null : x.LineNumber, null),
        PolicyException x => new UploadFailure(x.Message, null, null),
        _ => null,
    };

    private static byte[] DatasetSecret(PipelineOptions settings, string datasetId)
    {
        if (string.IsNullOrWhiteSpace(settings.PseudonymKey))
        {
            throw new PermanentJobFailureException($"{PipelineOptions.PseudonymKeySetting} is not set, so no dataset's pseudonym key can be derived.");
        }
        return PublishSettings.DatasetSecret(Convert.FromBase64String(settings.PseudonymKey), datasetId);
    }

    /// <summary>
    /// The pipeline reports synchronously from its worker thread; the run history is written asynchronously.
    /// One write in flight at a time, later reports overtake earlier ones, the last is always written.
    /// </summary>
    private sealed class ProgressBridge(IJobProgress progress) : IProgress<PipelineProgress>
    {
        private readonly Lock gate = new();
        private Task pending = Task.CompletedTask;
        private PipelineProgress latest = new("classify", 0, 0, 0);

        public void Report(PipelineProgress value)
        {
            lock (gate)
            {
                latest = value;
                if (pending.IsCompleted)
                {
                    pending = progress.ReportAsync(value.BytesRead, value.TotalBytes, value.Phase, value.Rows).AsTask();
                }
            }
        }

        public async Task CompleteAsync(long rows, CancellationToken cancellationToken)
        {
            Task last;
            lock (gate)
            {
                last = pending;
            }
            await last;
            await progress.ReportAsync(latest.TotalBytes, latest.TotalBytes, "drafted", rows, cancellationToken);
        }
    }
}
