using DataPort.Domain.Certificates;
using DataPort.Domain.Common;

namespace DataPort.Domain.Assets;

public abstract record AssetCommand(string AssetId, Caller By, DateTimeOffset At);

public sealed record SubmitAsset(string AssetId, string OwnerOrganisationId, AssetDetails Details, Caller By, DateTimeOffset At)
    : AssetCommand(AssetId, By, At);

public sealed record StartAssetReview(string AssetId, Caller By, DateTimeOffset At) : AssetCommand(AssetId, By, At);

/// <summary>The number is allocated by the host (a database sequence); the decision signs the certificate.</summary>
public sealed record RegisterAsset(string AssetId, CertificateNumber Number, Caller By, DateTimeOffset At) : AssetCommand(AssetId, By, At);

public sealed record RejectAsset(string AssetId, string Reason, Caller By, DateTimeOffset At) : AssetCommand(AssetId, By, At);

public sealed record RaiseAssetObjection(string AssetId, string Reason, Caller By, DateTimeOffset At) : AssetCommand(AssetId, By, At);

public sealed record ResolveAssetObjection(string AssetId, string Resolution, Caller By, DateTimeOffset At) : AssetCommand(AssetId, By, At);

public sealed record AmendAsset(string AssetId, AssetDetails Details, Caller By, DateTimeOffset At) : AssetCommand(AssetId, By, At);

public sealed record RevokeAsset(string AssetId, string Reason, Caller By, DateTimeOffset At) : AssetCommand(AssetId, By, At);
