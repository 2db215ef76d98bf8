using DataPort.Catalog.Model;
using DataPort.Domain.Assets;
using DataPort.Domain.Datasets;
using DomainText = DataPort.Domain.Common.LocalizedText;
using DomainLicence = DataPort.Domain.Datasets.LicenceOption;

namespace DataPort.Catalog.Import;

/// <summary>How a catalog entry reads as the domain's registration and dataset commands.</summary>
internal static class DomainMapping
{
    // PIPL art. 28 and GB/T 35273 treat identity-document numbers and financial accounts as sensitive
    // personal information; health records are core-graded in the catalog and treated the same way.
    private static readonly HashSet<string> SensitiveEntities = new(StringComparer.Ordinal) { "cn_resident_id", "bank_card", "passport", "hk_macau_permit" };

    public static AssetDetails Asset(DatasetDefinition dataset) => new(
        new DomainText(dataset.Title.Zh, dataset.Title.En),
        dataset.Description.Zh,
        dataset.Owner,
        [dataset.Theme, .. dataset.Columns.Where(IsPersonal).Select(c => c.Entity).Distinct(StringComparer.Ordinal)],
        $"《厦门经济特区数据条例》公共数据授权运营;{dataset.Basis}",
        [.. dataset.Columns.Select(c => new AssetColumn(c.Name, c.Type.ToString(), c.En))]);

    public static DatasetMetadata Metadata(DatasetDefinition dataset) => new(
        new DomainText(dataset.Title.Zh, dataset.Title.En),
        new DomainText(dataset.Description.Zh, dataset.Description.En),
        dataset.Theme,
        dataset.Owner,
        dataset.UpdateFrequency switch
        {
            "realtime" => UpdateFrequency.Realtime,
            "hourly" => UpdateFrequency.Hourly,
            "daily" => UpdateFrequency.Daily,
            "weekly" => UpdateFrequency.Weekly,
            "monthly" => UpdateFrequency.Monthly,
            "quarterly" => UpdateFrequency.Quarterly,
            "yearly" => UpdateFrequency.Yearly,
            _ => UpdateFrequency.Irregular,
        });

    /// <summary>
    /// Catalog grades map onto the domain's 1–4 scale: general public-facility data is 1, general data about
    /// people 2, important 3, core 4.
    /// </summary>
    public static DatasetColumn Column(ColumnDefinition column)
    {
        var personal = IsPersonal(column);
        var grade = column.Grade switch
        {
            DataGrade.Core => 4,
            DataGrade.Important => 3,
            _ => personal ? 2 : 1,
        };
        var sensitive = personal && (SensitiveEntities.Contains(column.Entity) || column.Grade == DataGrade.Core);
        return new DatasetColumn(column.Name, column.Type.ToString(), grade, personal, sensitive);
    }

    // A hospital's switchboard number or a bus stop's coordinates are entities, but not about a person:
    // the catalog marks those general, which is how personal columns are told apart.
    private static bool IsPersonal(ColumnDefinition column) => column.IsPersonal && column.Grade != DataGrade.General;

    public static DomainLicence Licence(Model.LicenceOption licence) => new(
        licence.Id,
        LicenceName(licence),
        licence.PurposeLimited,
        TermDays(licence.TermMonths),
        licence.Delivery == Delivery.Download,
        licence.AggregateOnly,
        new DataPort.Domain.Datasets.PriceModel(
            licence.Price.Model switch
            {
                Model.PriceModel.OneOff => PriceKind.OneOff,
                Model.PriceModel.Subscription => PriceKind.Subscription,
                Model.PriceModel.PerQuery => PriceKind.PerQuery,
                _ => PriceKind.Free,
            },
            licence.Price.AmountFen),
        licence.Privacy is { } privacy ? new DataPort.Domain.Grants.PrivacyBudget(privacy.Epsilon, privacy.PeriodDays) : null);

    // A month is a twelfth of a Julian year, so 12 months are 365 days and 36 stay within the domain's 3 × 366.
    internal static int TermDays(int months) => (int)Math.Round(months * 365.25 / 12, MidpointRounding.AwayFromZero);

    private static string LicenceName(Model.LicenceOption licence)
    {
        var delivery = licence.Delivery == Delivery.Download ? "可下载" : "仅沙箱";
        var scope = licence.AggregateOnly ? "·仅汇总" : "";
        var purpose = licence.PurposeLimited ? "·限定用途" : "";
        var price = licence.Price.Model switch
        {
            Model.PriceModel.OneOff => $"一次性{Yuan(licence.Price.AmountFen)}",
            Model.PriceModel.Subscription => $"订阅{Yuan(licence.Price.AmountFen)}/{licence.Price.PeriodMonths}个月",
            Model.PriceModel.PerQuery => $"按次{Yuan(licence.Price.AmountFen)}/次",
            _ => "免费",
        };
        return $"{delivery}{scope}{purpose}·{price}·{licence.TermMonths}个月";
    }

    private static string Yuan(long fen) => (fen / 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "元";
}
