using System.Globalization;
using System.Text;
using DataPort.Domain.Datasets;
using DataPort.Domain.Trading;
using DataPort.ReadModels.Datasets;
using DataPort.Trading.Settlement;
using Marten;

namespace DataPort.Trading.Disclosure;

/// <summary>
/// A public-data resource open for authorised operation in the year. <c>publishedEntry</c> and <c>versionEntries</c> are
/// the ledger positions of the events that published it and added each version.
/// </summary>
public sealed record DisclosedResource(
    string DatasetId, string TitleZh, string TitleEn, string OwnerDepartment, string Theme, string UpdateFrequency, int Versions,
    long? PublishedEntry, IReadOnlyList<long> VersionEntries);

/// <summary>A product (licence option) and its fee standard, against the cap; <c>ledgerEntry</c>: the event that offered it.</summary>
public sealed record DisclosedProduct(
    string DatasetId, string LicenceOptionId, string Name, string PriceKind, long AmountFen, int TermDays, bool DownloadAllowed,
    bool AggregateOnly, bool WithinCap, long? LedgerEntry);

/// <summary>
/// The yearly public report of authorised public data (公共数据授权运营情况公示): resources, products, fee
/// standards and the fee cap, as the operator must publish them. Every figure names the ledger entries behind it
/// (positions, at <see cref="LedgerEntryPath"/>), so a regulator checks each against the signed ledger;
/// <c>feeCapEntry</c> is null while the configured default cap applies.
/// </summary>
public sealed record DisclosureReport(
    int Year, DateTimeOffset GeneratedAt, Money FeeCap, long? FeeCapEntry, IReadOnlyList<DisclosedResource> Resources,
    IReadOnlyList<DisclosedProduct> Products)
{
    public string LedgerEntryPath => "/api/ledger/entries/{position}";

    /// <summary>One CSV row per product (RFC 4180), with the resource's names, for spreadsheets; ledger positions last.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("dataset_id,title_zh,title_en,owner_department,theme,licence_option_id,licence_name,price_kind,amount_fen,fee_cap_fen,within_cap,term_days,download_allowed,aggregate_only,dataset_ledger_entries,licence_ledger_entry,fee_cap_ledger_entry\r\n");
        var resources = Resources.ToDictionary(r => r.DatasetId, StringComparer.Ordinal);
        foreach (var p in Products)
        {
            var r = resources[p.DatasetId];
            csv.AppendJoin(',', new[]
            {
                p.DatasetId, r.TitleZh, r.TitleEn, r.OwnerDepartment, r.Theme, p.LicenceOptionId, p.Name, p.PriceKind,
                p.AmountFen.ToString(CultureInfo.InvariantCulture), FeeCap.Fen.ToString(CultureInfo.InvariantCulture),
                p.WithinCap ? "true" : "false", p.TermDays.ToString(CultureInfo.InvariantCulture),
                p.DownloadAllowed ? "true" : "false", p.AggregateOnly ? "true" : "false",
                string.Join(' ', new[] { r.PublishedEntry }.OfType<long>().Concat(r.VersionEntries).Select(Position)),
                p.LedgerEntry is { } entry ? Position(entry) : "", FeeCapEntry is { } cap ? Position(cap) : "",
            }.Select(Quote)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Position(long position) => position.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

public sealed class Disclosures(DatasetCatalog catalog, FeeCaps caps, IDocumentStore events, TimeProvider time)
{
    private const int PageSize = 200;

    /// <summary>Public-data datasets on offer (published, not suspended) that existed by the end of <paramref name="year"/>.</summary>
    public async Task<DisclosureReport> ForYearAsync(int year, CancellationToken cancellationToken)
    {
        var yearEnd = new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var (cap, capEntry) = await caps.CurrentWithEntryAsync(cancellationToken);
        var datasets = new List<DatasetView>();
        for (var page = 1; ; page++)
        {
            var result = await catalog.SearchAsync(new DatasetSearch(null, null, null, page, PageSize), cancellationToken);
            datasets.AddRange(result.Items.Where(d => d.PublicData && d.Available && d.CreatedAt < yearEnd));
            if (page * PageSize >= result.Total)
            {
                break;
            }
        }
        datasets.Sort((a, b) => string.CompareOrdinal(a.DatasetId, b.DatasetId));
        var resources = new List<DisclosedResource>();
        var products = new List<DisclosedProduct>();
        foreach (var d in datasets)
        {
            var entries = await EntriesAsync(d.DatasetId, cancellationToken);
            resources.Add(new DisclosedResource(d.DatasetId, d.Title.Zh, d.Title.En, d.OwnerDepartment,
                d.Theme, d.UpdateFrequency.ToString().ToLowerInvariant(), d.VersionCount, entries.Published, entries.Versions));
            products.AddRange(d.LicenceOptions.Select(o => new DisclosedProduct(d.DatasetId, o.Id, o.Name, o.Price.Kind.ToString(),
                o.Price.AmountFen, o.TermDays, o.DownloadAllowed, o.AggregateOnly, o.Price.AmountFen <= cap.Fen,
                entries.Licences.TryGetValue(o.Id, out var offered) ? offered : null)));
        }
        return new DisclosureReport(year, time.GetUtcNow(), cap, capEntry, resources, products);
    }

    /// <summary>The dataset's ledger positions: its last publication, each version, each licence option's offer.</summary>
    private async Task<(long? Published, IReadOnlyList<long> Versions, Dictionary<string, long> Licences)> EntriesAsync(
        string datasetId, CancellationToken cancellationToken)
    {
        long? published = null;
        var versions = new List<long>();
        var licences = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var session = events.QuerySession();
        foreach (var e in await session.Events.FetchStreamAsync($"dataset-{datasetId}", token: cancellationToken))
        {
            switch (e.Data)
            {
                case DatasetPublished: published = e.Sequence; break;
                case DatasetVersionAdded: versions.Add(e.Sequence); break;
                case LicenceOptionAdded added: licences[added.Option.Id] = e.Sequence; break;
            }
        }
        return (published, versions, licences);
    }
}
