using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Grains.EventSourcing;
using DataPort.Jobs;
using Orleans;

namespace DataPort.Catalog.Uploads;

/// <summary>
/// The owner's column choices for a ready draft (a column marked a place, a grade raised): recorded with a new pipeline
/// run, which drafts the upload again. Used by the API and the upload page alike.
/// </summary>
public sealed class UploadColumnChoices(IGrainFactory grains, JobRuns jobs, TimeProvider time)
{
    /// <summary>Records the choices and starts the run; returns the upload as it is now (preparing).</summary>
    public async Task<DatasetUpload> ChooseAsync(
        string datasetId, string uploadId, IReadOnlyList<ColumnChoice> choices, Caller caller)
    {
        Versioned<Dataset>? chosen = null;
        await jobs.EnqueuePipelineRunAsync(datasetId, uploadId, async runId => chosen = await grains.GetGrain<IDatasetGrain>(datasetId)
            .ExecuteAsync(new ChooseDraftColumns(datasetId, uploadId, choices, runId, caller, time.GetUtcNow())));
        return chosen!.State.Upload(uploadId)!;
    }
}
