using DataPort.Domain.Assets;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.Domain.Organisations;
using Marten;

namespace DataPort.Grains;

/// <summary>
/// The stable names of the domain's events. These names are what the ledger and regulators see, and what
/// stored events are read back by: never change one; add a Marten upcaster instead.
/// </summary>
internal sealed class DomainEventTypes : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions options)
    {
        options.Events.MapEventType<AssetSubmitted>("asset.submitted");
        options.Events.MapEventType<AssetReviewStarted>("asset.review-started");
        options.Events.MapEventType<AssetRegistered>("asset.registered");
        options.Events.MapEventType<AssetRejected>("asset.rejected");
        options.Events.MapEventType<AssetObjectionRaised>("asset.objection-raised");
        options.Events.MapEventType<AssetObjectionResolved>("asset.objection-resolved");
        options.Events.MapEventType<AssetAmended>("asset.amended");
        options.Events.MapEventType<AssetRevoked>("asset.revoked");
        options.Events.MapEventType<DatasetCreated>("dataset.created");
        options.Events.MapEventType<DatasetVersionAdded>("dataset.version-added");
        options.Events.MapEventType<LicenceOptionAdded>("dataset.licence-option-added");
        options.Events.MapEventType<DatasetPublished>("dataset.published");
        options.Events.MapEventType<DatasetUnpublished>("dataset.unpublished");
        options.Events.MapEventType<DatasetSuspended>("dataset.suspended");
        options.Events.MapEventType<DatasetResumed>("dataset.resumed");
        options.Events.MapEventType<DatasetUploadReceived>("dataset.upload-received");
        options.Events.MapEventType<DatasetDraftPrepared>("dataset.draft-prepared");
        options.Events.MapEventType<DatasetDraftFailed>("dataset.draft-failed");
        options.Events.MapEventType<DatasetDraftColumnsChosen>("dataset.draft-columns-chosen");
        options.Events.MapEventType<AccessRequested>("grant.requested");
        options.Events.MapEventType<GrantIssued>("grant.issued");
        options.Events.MapEventType<AccessDenied>("grant.denied");
        options.Events.MapEventType<GrantSuspended>("grant.suspended");
        options.Events.MapEventType<GrantResumed>("grant.resumed");
        options.Events.MapEventType<GrantRevoked>("grant.revoked");
        options.Events.MapEventType<GrantExpired>("grant.expired");
        options.Events.MapEventType<GrantUsageRecorded>("grant.usage-recorded");
        options.Events.MapEventType<GrantPrivacySpent>("grant.privacy-spent");
        options.Events.MapEventType<OrganisationAppsSuspended>("organisation.apps-suspended");
        options.Events.MapEventType<OrganisationAppsResumed>("organisation.apps-resumed");
        options.Events.MapEventType<OrganisationAppSignInLocked>("organisation.app-sign-in-locked");
    }
}
