using System.Text.RegularExpressions;
using DataPort.Domain.Assets;
using DataPort.Domain.Common;

namespace DataPort.Domain.Datasets;

/// <summary>
/// The rules of a dataset: the asset's owner organisation creates it from a registered asset, releases
/// versions, offers licences and publishes; only a regulator suspends and resumes, and a suspended dataset
/// changes no further until resumed.
/// </summary>
public sealed partial class DatasetDecider : IDecider<Dataset, DatasetCommand, IDatasetEvent>
{
    public static DatasetDecider Instance { get; } = new();

    public IReadOnlyList<IDatasetEvent> Decide(Dataset? state, DatasetCommand command)
    {
        if (command is CreateDataset create)
        {
            return [Create(state, create)];
        }
        if (state is null)
        {
            throw new NotFoundException($"Dataset '{command.DatasetId}' does not exist.");
        }
        return command switch
        {
            AddDatasetVersion c => [AddVersion(state, c)],
            AddLicenceOption c => [AddOption(state, c)],
            PublishDataset c => [Publish(state, c)],
            UnpublishDataset c => [Unpublish(state, c)],
            SuspendDataset c => [Suspend(state, c)],
            ResumeDataset c => [Resume(state, c)],
            ReceiveUpload c => [Receive(state, c)],
            RecordDraft c => [Draft(state, c)],
            RecordDraftFailure c => [DraftFailed(state, c)],
            ChooseDraftColumns c => [Choose(state, c)],
            _ => throw new InvalidInputException($"Unknown dataset command {command.GetType().Name}."),
        };
    }

    public Dataset Evolve(Dataset? state, IDatasetEvent @event) => state is null
        ? Dataset.Create(@event as DatasetCreated
            ?? throw new InvalidOperationException($"A dataset stream must start with {nameof(DatasetCreated)}, not {@event.GetType().Name}."))
        : state.Apply(@event);

    private static DatasetCreated Create(Dataset? state, CreateDataset c)
    {
        if (state is not null)
        {
            throw new InvalidTransitionException($"Dataset '{c.DatasetId}' already exists.");
        }
        var asset = c.Asset ?? throw new NotFoundException("The source asset registration does not exist.");
        Guard.Organisation(c.By, asset.OwnerOrganisationId, "create datasets from this asset");
        if (asset.Status != AssetStatus.Registered)
        {
            throw new InvalidTransitionException($"Asset '{asset.AssetId}' is {asset.Status}: only a registered asset can become a dataset.");
        }
        c.Metadata.Validate();
        Guard.NotEmpty(c.Columns, "columns");
        Guard.Unique(c.Columns.Select(x => x.Name), "columns");
        var declared = asset.Details.Schema.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var column in c.Columns)
        {
            if (!declared.Contains(column.Name))
            {
                throw new InvalidInputException($"Column '{column.Name}' is not in the registered asset's schema.");
            }
            if (column.Grade is < DatasetColumn.LowestGrade or > DatasetColumn.HighestGrade)
            {
                throw new InvalidInputException($"Column '{column.Name}' has grade {column.Grade}; grades run {DatasetColumn.LowestGrade}–{DatasetColumn.HighestGrade}.");
            }
            if (column.Sensitive && !column.Personal)
            {
                throw new InvalidInputException($"Column '{column.Name}' is marked sensitive personal information but not personal.");
            }
        }
        return new DatasetCreated(c.DatasetId, asset.AssetId, asset.OwnerOrganisationId, c.Metadata, c.Columns, c.PublicData, c.By.Id, c.At);
    }

    private static DatasetVersionAdded AddVersion(Dataset state, AddDatasetVersion c)
    {
        Guard.Organisation(c.By, state.OwnerOrganisationId, "release versions of this dataset");
        NotSuspended(state, "release a version");
        if (!HexHash().IsMatch(c.ContentHash ?? ""))
        {
            throw new InvalidInputException("contentHash must be 64 lower-case hex digits (SM3 or SHA-256 of the release).");
        }
        if (c.RowCount < 0)
        {
            throw new InvalidInputException("rowCount cannot be negative.");
        }
        Guard.Required(c.PipelineRunId, "pipelineRunId");
        if (state.Versions.Any(v => v.ContentHash == c.ContentHash))
        {
            throw new InvalidTransitionException($"A version with content hash {c.ContentHash} was already released.");
        }
        if (c.Lineage?.UploadId is { } uploadId)
        {
            ReleasableDraft(state, uploadId, c);
        }
        var version = new DatasetVersion(state.Versions.Count + 1, c.ContentHash!, c.RowCount, c.PipelineRunId, c.At, c.Lineage);
        return new DatasetVersionAdded(state.DatasetId, version, c.By.Id, c.At);
    }

    private static LicenceOptionAdded AddOption(Dataset state, AddLicenceOption c)
    {
        Guard.Organisation(c.By, state.OwnerOrganisationId, "offer licences for this dataset");
        NotSuspended(state, "offer a licence");
        c.Option.Validate(state.PublicData);
        if (state.LicenceOptions.Any(o => o.Id == c.Option.Id))
        {
            throw new InvalidTransitionException($"Licence option '{c.Option.Id}' already exists; options are never changed, only added.");
        }
        return new LicenceOptionAdded(state.DatasetId, c.Option, c.By.Id, c.At);
    }

    private static DatasetPublished Publish(Dataset state, PublishDataset c)
    {
        Guard.Organisation(c.By, state.OwnerOrganisationId, "publish this dataset");
        NotSuspended(state, "publish");
        if (state.Status == DatasetStatus.Published)
        {
            throw new InvalidTransitionException($"Dataset '{state.DatasetId}' is already published.");
        }
        if (state.Versions.Count == 0)
        {
            throw new InvalidTransitionException("A dataset needs a released version before it can be published.");
        }
        if (state.LicenceOptions.Count == 0)
        {
            throw new InvalidTransitionException("A dataset needs a licence option before it can be published.");
        }
        return new DatasetPublished(state.DatasetId, c.By.Id, c.At);
    }

    private static DatasetUnpublished Unpublish(Dataset state, UnpublishDataset c)
    {
        Guard.Organisation(c.By, state.OwnerOrganisationId, "unpublish this dataset");
        if (state.Status != DatasetStatus.Published)
        {
            throw new InvalidTransitionException($"Dataset '{state.DatasetId}' is {state.Status}, not published.");
        }
        return new DatasetUnpublished(state.DatasetId, c.By.Id, c.At);
    }

    private static DatasetSuspended Suspend(Dataset state, SuspendDataset c)
    {
        Guard.Role(c.By, "suspend a dataset", Roles.Regulator);
        Guard.Required(c.Reason, "reason");
        NotSuspended(state, "suspend");
        return new DatasetSuspended(state.DatasetId, c.Reason, c.By.Id, c.At);
    }

    private static DatasetResumed Resume(Dataset state, ResumeDataset c)
    {
        Guard.Role(c.By, "resume a dataset", Roles.Regulator);
        Guard.Required(c.Reason, "reason");
        if (state.Suspension is null)
        {
            throw new InvalidTransitionException($"Dataset '{state.DatasetId}' is not suspended.");
        }
        return new DatasetResumed(state.DatasetId, c.By.Id, c.At, c.Reason.Trim());
    }

    private static void NotSuspended(Dataset state, string action)
    {
        if (state.Suspension is { } suspension)
        {
            throw new InvalidTransitionException($"Cannot {action}: dataset '{state.DatasetId}' is suspended by the regulator ({suspension.Reason}).");
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HexHash();
}
