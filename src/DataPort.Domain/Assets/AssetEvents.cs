using DataPort.Domain.Certificates;

namespace DataPort.Domain.Assets;

public interface IAssetEvent
{
    string AssetId { get; }
}

public sealed record AssetSubmitted(string AssetId, string OwnerOrganisationId, AssetDetails Details, string SubmittedBy, DateTimeOffset SubmittedAt) : IAssetEvent;

public sealed record AssetReviewStarted(string AssetId, string StartedBy, DateTimeOffset StartedAt) : IAssetEvent;

public sealed record AssetRegistered(string AssetId, AssetCertificate Certificate, string RegisteredBy, DateTimeOffset RegisteredAt) : IAssetEvent;

public sealed record AssetRejected(string AssetId, string Reason, string RejectedBy, DateTimeOffset RejectedAt) : IAssetEvent;

public sealed record AssetObjectionRaised(string AssetId, string Reason, string RaisedBy, DateTimeOffset RaisedAt) : IAssetEvent;

public sealed record AssetObjectionResolved(string AssetId, string Resolution, string ResolvedBy, DateTimeOffset ResolvedAt) : IAssetEvent;

public sealed record AssetAmended(string AssetId, AssetDetails Details, string AmendedBy, DateTimeOffset AmendedAt) : IAssetEvent;

public sealed record AssetRevoked(string AssetId, string Reason, string RevokedBy, DateTimeOffset RevokedAt) : IAssetEvent;
