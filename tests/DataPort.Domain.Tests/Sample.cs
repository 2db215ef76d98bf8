using DataPort.Domain.Assets;
using DataPort.Domain.Certificates;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;

namespace DataPort.Domain.Tests;

/// <summary>A small, consistent world: one owner organisation, one developer organisation, an operator and a regulator.</summary>
public static class Sample
{
    public const string OwnerOrg = "org-xm-transport";
    public const string DeveloperOrg = "org-acme-dev";
    public const string AssetId = "asset-1";
    public const string DatasetId = "ds-1";
    public const string GrantId = "grant-1";

    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly Caller Merchant = new("u-merchant", OwnerOrg, [Roles.Merchant]);
    public static readonly Caller OtherMerchant = new("u-other", "org-other", [Roles.Merchant]);
    public static readonly Caller Developer = new("u-dev", DeveloperOrg, [Roles.Developer]);
    public static readonly Caller Operator = new("u-op", "org-operator", [Roles.Operator]);
    public static readonly Caller Regulator = new("u-reg", "org-regulator", [Roles.Regulator]);

    public static readonly Sm2CertificateSigner Signer = Sm2CertificateSigner.Generate();

    public static AssetDetails Details(string title = "公交刷卡记录") => new(
        new LocalizedText(title, "Bus card taps"), "Taps of transit cards on Xiamen buses", "厦门市交通运输局",
        ["transport"], "厦门经济特区数据条例 第三十条", [new("card_no", "text"), new("stop_id", "text"), new("tapped_at", "timestamp")]);

    public static AssetSubmitted Submitted => new(AssetId, OwnerOrg, Details(), Merchant.Id, T0);
    public static AssetReviewStarted ReviewStarted => new(AssetId, Operator.Id, T0.AddHours(1));

    public static AssetRegistered Registered =>
        new(AssetId, AssetCertificate.Issue(RegisteredState(), new CertificateNumber(2026, 123), T0.AddHours(2), Signer), Operator.Id, T0.AddHours(2));

    private static AssetRegistration RegisteredState() =>
        AssetRegistration.Create(Submitted) with { Status = AssetStatus.UnderReview };

    public static AssetRegistration RegisteredAsset()
    {
        var decider = new AssetRegistrationDecider(Signer);
        AssetRegistration? s = null;
        foreach (IAssetEvent e in new IAssetEvent[] { Submitted, ReviewStarted, Registered })
        {
            s = decider.Evolve(s, e);
        }
        return s!;
    }

    public static DatasetMetadata Metadata => new(
        new LocalizedText("公交刷卡", "Bus taps"), new LocalizedText("脱敏后的公交刷卡记录", "Masked bus taps"), "transport", "厦门市交通运输局",
        UpdateFrequency.Daily);

    public static IReadOnlyList<DatasetColumn> Columns =>
        [new("card_no", "text", 3, true, false), new("stop_id", "text", 1, false, false), new("tapped_at", "timestamp", 2, false, false)];

    public static LicenceOption SandboxLicence => new("sandbox", "Sandbox, 1 year", true, 365, false, false, PriceModel.Free);
    public static LicenceOption DownloadLicence => new("download", "Download", true, 90, true, false, new PriceModel(PriceKind.OneOff, 100_000));
    public static LicenceOption AggregateLicence => new("aggregate", "Aggregates", false, 30, false, true, new PriceModel(PriceKind.PerQuery, 50));

    public static DatasetCreated Created => new(DatasetId, AssetId, OwnerOrg, Metadata, Columns, true, Merchant.Id, T0.AddDays(1));
    public static DatasetVersionAdded Version1 =>
        new(DatasetId, new DatasetVersion(1, new string('a', 64), 1000, "run-1", T0.AddDays(1)), Merchant.Id, T0.AddDays(1));
    public static LicenceOptionAdded Option(LicenceOption option) => new(DatasetId, option, Merchant.Id, T0.AddDays(1));
    public static DatasetPublished Published => new(DatasetId, Merchant.Id, T0.AddDays(1));

    public static Dataset PublishedDataset() => DatasetOf(Created, Version1, Option(SandboxLicence), Option(DownloadLicence), Option(AggregateLicence), Published);

    public static Dataset DatasetOf(params IDatasetEvent[] events)
    {
        Dataset? s = null;
        foreach (var e in events)
        {
            s = DatasetDecider.Instance.Evolve(s, e);
        }
        return s!;
    }

    public static readonly DateTimeOffset IssuedAt = T0.AddDays(2);

    public static AccessRequested Requested(LicenceOption? licence = null, int? version = null) =>
        new(GrantId, DatasetId, OwnerOrg, DeveloperOrg, "Route planning research", ["stop_id", "tapped_at"], 30,
            licence ?? SandboxLicence, version, Developer.Id, T0.AddDays(2).AddHours(-1));

    public static GrantIssued Issued(GrantQuota? quota = null) =>
        new(GrantId, ["stop_id", "tapped_at"], IssuedAt, IssuedAt.AddDays(30), quota ?? new GrantQuota(10, 1000, 2), Merchant.Id, IssuedAt);
}
