using DataPort.Domain.Assets;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.Domain.Organisations;
using DataPort.EventStore;

namespace DataPort.Grains;

/// <summary>
/// The stable names of the domain's events. These names are what the ledger and regulators see, and what
/// stored events are read back by: never change one; add an upcaster instead.
/// </summary>
internal sealed class DomainEventTypes : IConfigureEventTypes
{
    public void Configure(EventTypeRegistry registry) => registry
        .Register<AssetSubmitted>("asset.submitted")
        .Register<AssetReviewStarted>("asset.review-started")
        .Register<AssetRegistered>("asset.registered")
        .Register<AssetRejected>("asset.rejected")
        .Register<AssetObjectionRaised>("asset.objection-raised")
        .Register<AssetObjectionResolved>("asset.objection-resolved")
        .Register<AssetAmended>("asset.amended")
        .Register<AssetRevoked>("asset.revoked")
        .Register<DatasetCreated>("dataset.created")
        .Register<DatasetVersionAdded>("dataset.version-added")
        .Register<LicenceOptionAdded>("dataset.licence-option-added")
        .Register<DatasetPublished>("dataset.published")
        .Register<DatasetUnpublished>("dataset.unpublished")
        .Register<DatasetSuspended>("dataset.suspended")
        .Register<DatasetResumed>("dataset.resumed")
        .Register<DatasetUploadReceived>("dataset.upload-received")
        .Register<DatasetDraftPrepared>("dataset.draft-prepared")
        .Register<DatasetDraftFailed>("dataset.draft-failed")
        .Register<DatasetDraftColumnsChosen>("dataset.draft-columns-chosen")
        .Register<AccessRequested>("grant.requested")
        .Register<GrantIssued>("grant.issued")
        .Register<AccessDenied>("grant.denied")
        .Register<GrantSuspended>("grant.suspended")
        .Register<GrantResumed>("grant.resumed")
        .Register<GrantRevoked>("grant.revoked")
        .Register<GrantExpired>("grant.expired")
        .Register<GrantUsageRecorded>("grant.usage-recorded")
        .Register<GrantPrivacySpent>("grant.privacy-spent")
        .Register<OrganisationAppsSuspended>("organisation.apps-suspended")
        .Register<OrganisationAppsResumed>("organisation.apps-resumed")
        .Register<OrganisationAppSignInLocked>("organisation.app-sign-in-locked");
}
