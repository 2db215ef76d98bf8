using DataPort.Domain.Common;

namespace DataPort.Domain.Datasets;

/// <summary>
/// The rules of uploads: the owner organisation uploads a file, the system records the pipeline's draft (or why
/// there is none) for the current revision only, the owner may change column decisions but never grade a column
/// below its floor, and a version made from an upload must be its current, ready draft.
/// </summary>
public sealed partial class DatasetDecider
{
    private static DatasetUploadReceived Receive(Dataset state, ReceiveUpload c)
    {
        Guard.Organisation(c.By, state.OwnerOrganisationId, "upload data for this dataset");
        NotSuspended(state, "upload data");
        Guard.Required(c.UploadId, "uploadId");
        Guard.Required(c.FileName, "fileName");
        Guard.Required(c.RunId, "runId");
        if (!HexHash().IsMatch(c.SourceSha256 ?? ""))
        {
            throw new InvalidInputException("sourceSha256 must be 64 lower-case hex digits.");
        }
        if (state.Upload(c.UploadId) is not null)
        {
            throw new InvalidTransitionException($"Upload '{c.UploadId}' was already received.");
        }
        return new DatasetUploadReceived(state.DatasetId, c.UploadId, c.FileName, c.Bytes, c.SourceSha256!, c.Encoding, c.RunId, c.By.Id, c.At);
    }

    private static DatasetDraftPrepared Draft(Dataset state, RecordDraft c)
    {
        var upload = Pending(state, c.UploadId, c.Draft.Revision, c.By);
        // A refused draft released nothing, so it has no content to hash; any other names the content it would release.
        if (c.Draft.Publishable ? !HexHash().IsMatch(c.Draft.ContentHash ?? "") : c.Draft.ContentHash is not "" || c.Draft.RowsReleased != 0)
        {
            throw new InvalidInputException(c.Draft.Publishable
                ? "The draft's content hash must be 64 lower-case hex digits."
                : "A refused draft releases nothing: no content hash, no rows.");
        }
        return new DatasetDraftPrepared(state.DatasetId, upload.UploadId, c.Draft, c.By.Id, c.At);
    }

    private static DatasetDraftFailed DraftFailed(Dataset state, RecordDraftFailure c)
    {
        var upload = Pending(state, c.UploadId, c.Revision, c.By);
        return new DatasetDraftFailed(state.DatasetId, upload.UploadId, c.Revision, c.Failure, c.By.Id, c.At);
    }

    private static DatasetDraftColumnsChosen Choose(Dataset state, ChooseDraftColumns c)
    {
        Guard.Organisation(c.By, state.OwnerOrganisationId, "change this dataset's drafts");
        NotSuspended(state, "change a draft");
        var upload = Existing(state, c.UploadId);
        if (upload.Status != UploadStatus.Ready || upload.Draft is not { } draft)
        {
            throw new InvalidTransitionException(upload.Status switch
            {
                UploadStatus.Preparing => $"Upload '{c.UploadId}' is still being prepared; change its columns once the draft is ready.",
                UploadStatus.Published => $"Upload '{c.UploadId}' is already published as version {upload.PublishedVersion}; upload the file again for a new version.",
                _ => $"Upload '{c.UploadId}' has no draft ({upload.Failure?.Message}); upload a corrected file.",
            });
        }
        Guard.Unique(c.Choices.Select(x => x.Column), "columns");
        var columns = draft.Columns.ToDictionary(x => x.Name, StringComparer.Ordinal);
        foreach (var choice in c.Choices)
        {
            if (!columns.TryGetValue(choice.Column ?? "", out var column))
            {
                throw new InvalidInputException($"Column '{choice.Column}' is not in the upload; its columns are {string.Join(", ", columns.Keys)}.");
            }
            if (choice.Grade is { } grade && grade < column.Floor)
            {
                throw new InvalidInputException(
                    $"Column '{column.Name}' cannot be graded {grade.ToString().ToLowerInvariant()}: as {column.Entity} the national rules grade it at least {column.Floor.ToString().ToLowerInvariant()}.");
            }
            if (choice.Level is { } level)
            {
                var levels = draft.Anonymity?.Levels.FirstOrDefault(l => l.Column == column.Name)?.Levels
                    ?? throw new InvalidInputException($"Column '{column.Name}' is no quasi-identifier of this draft, so it has no levels to choose from.");
                if (!levels.Contains(level))
                {
                    throw new InvalidInputException($"Column '{column.Name}' cannot be released at '{level}'; its levels are {string.Join(", ", levels)}.");
                }
            }
        }
        // Later choices for a column replace earlier ones; columns not named keep theirs.
        var merged = upload.Choices.Where(old => c.Choices.All(x => x.Column != old.Column)).Concat(c.Choices)
            .Where(x => x.ChangesAnything()).ToList();
        return new DatasetDraftColumnsChosen(state.DatasetId, upload.UploadId, merged, c.RunId, c.By.Id, c.At);
    }

    /// <summary>A version from an upload must be the upload's current draft, exactly as the owner reviewed it.</summary>
    private static void ReleasableDraft(Dataset state, string uploadId, AddDatasetVersion c)
    {
        var upload = Existing(state, uploadId);
        if (upload.Status != UploadStatus.Ready || upload.Draft is not { } draft)
        {
            throw new InvalidTransitionException($"Upload '{uploadId}' is {upload.Status.ToString().ToLowerInvariant()}; only a ready draft can be published.");
        }
        if (!draft.Publishable)
        {
            throw new InvalidTransitionException(
                $"Upload '{uploadId}''s draft reaches no release within the suppression bound; choose coarser levels or change its columns, then review it again.");
        }
        if (draft.Revision != c.Lineage!.Revision || draft.ContentHash != c.ContentHash || draft.RowsReleased != c.RowCount)
        {
            throw new InvalidTransitionException($"The release is not upload '{uploadId}''s current draft (revision {draft.Revision}); review it again.");
        }
    }

    private static DatasetUpload Pending(Dataset state, string uploadId, int revision, Caller by)
    {
        if (by.Id != Caller.System.Id || by.OrganisationId.Length != 0)
        {
            throw new ForbiddenException("Only the pipeline records drafts.");
        }
        var upload = Existing(state, uploadId);
        if (upload.Status != UploadStatus.Preparing || upload.Revision != revision)
        {
            throw new InvalidTransitionException($"Upload '{uploadId}' no longer waits for a draft of revision {revision}.");
        }
        return upload;
    }

    private static DatasetUpload Existing(Dataset state, string uploadId) =>
        state.Upload(uploadId) ?? throw new NotFoundException($"Upload '{uploadId}' does not exist.");
}
