using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.EventSourcing;

namespace DataPort.Catalog.Uploads;

/// <summary>
/// Who may handle a dataset's uploads, checked before any byte is read or any file is written (the decider checks
/// again when the event is appended). Another organisation learns nothing about a dataset it cannot see.
/// </summary>
internal static class UploadRules
{
    public static Dataset OwnedBy(Versioned<Dataset>? dataset, string datasetId, Caller caller)
    {
        if (dataset?.State is not { } state || (!state.Available && state.OwnerOrganisationId != caller.OrganisationId))
        {
            throw new NotFoundException($"Dataset '{datasetId}' does not exist.");
        }
        if (state.OwnerOrganisationId != caller.OrganisationId)
        {
            throw new ForbiddenException("Only the organisation that owns a dataset uploads and publishes its data.");
        }
        if (state.Suspension is { } suspension)
        {
            throw new InvalidTransitionException($"Dataset '{datasetId}' is suspended by the regulator ({suspension.Reason}); nothing can be uploaded or published until it is resumed.");
        }
        return state;
    }
}
