using System.Globalization;
using DataPort.Domain.Datasets;
using DataPort.ReadModels.Datasets;

namespace DataPort.Server.Web.Catalog;

/// <summary>One facet of the catalog: the query-string key that selects it, its heading's resource, and a dataset's values for it.</summary>
public sealed record Facet(string Key, string Heading, Func<DatasetView, IEnumerable<string>> ValuesOf);

/// <summary>A facet's values with how many datasets each would leave, given the other selections.</summary>
public sealed record FacetCounts(Facet Facet, string? Selected, IReadOnlyList<(string Value, int Count)> Values);

public sealed record CatalogPage(IReadOnlyList<DatasetView> Items, int Total, int Page, int PageCount, IReadOnlyList<FacetCounts> Facets);

/// <summary>
/// The web catalog's search: words in either language's title or description, one selected value per facet, and
/// per facet the counts a person would get by choosing each value (with every other selection kept), as shops do.
/// </summary>
public sealed record CatalogQuery(string? Text, IReadOnlyDictionary<string, string> Selected, int Page)
{
    public const int PageSize = 10;

    public const string TextKey = "q";
    public const string PageKey = "page";

    public static IReadOnlyList<Facet> Facets { get; } =
    [
        new("theme", "FacetTheme", d => [d.Theme]),
        new("department", "FacetDepartment", d => [d.OwnerDepartment]),
        new("grade", "FacetGrade", d => d.HighestGrade > 0 ? [d.HighestGrade.ToString(CultureInfo.InvariantCulture)] : []),
        new("licence", "FacetLicence", d => d.LicenceOptions.Select(LicenceKind).Distinct()),
        new("price", "FacetPrice", d => d.LicenceOptions.Select(o => o.Price.Kind == PriceKind.Free ? "free" : "paid").Distinct()),
        new("frequency", "FacetFrequency", d => [d.UpdateFrequency.ToString().ToLowerInvariant()]),
    ];

    public static CatalogQuery From(IQueryCollection query)
    {
        var selected = Facets
            .Select(facet => (facet.Key, Value: query[facet.Key].ToString()))
            .Where(pair => pair.Value.Length > 0)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var page = int.TryParse(query[PageKey], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1;
        var text = query[TextKey].ToString().Trim();
        return new CatalogQuery(text.Length == 0 ? null : text, selected, page);
    }

    public CatalogPage Run(IReadOnlyList<DatasetView> datasets)
    {
        var byText = datasets.Where(MatchesText).ToList();
        var matching = byText.Where(d => Facets.All(facet => Matches(facet, d))).ToList();
        var pageCount = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        var page = Math.Min(Page, pageCount);
        var facets = Facets.Select(facet => new FacetCounts(
                facet,
                Selected.GetValueOrDefault(facet.Key),
                byText.Where(d => Facets.Where(other => other != facet).All(other => Matches(other, d)))
                    .SelectMany(facet.ValuesOf)
                    .GroupBy(value => value, StringComparer.Ordinal)
                    .Select(group => (group.Key, group.Count()))
                    .OrderByDescending(pair => pair.Item2).ThenBy(pair => pair.Key, StringComparer.Ordinal)
                    .ToList()))
            .ToList();
        return new CatalogPage(matching.Skip((page - 1) * PageSize).Take(PageSize).ToList(), matching.Count, page, pageCount, facets);
    }

    /// <summary>This query with one facet set to a value (or cleared with null), back on the first page.</summary>
    public string UrlWith(string key, string? value) => Url(key, value, page: 1);

    /// <summary>This query on another page.</summary>
    public string UrlForPage(int page) => Url(key: null, value: null, page);

    private string Url(string? key, string? value, int page)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (Text is not null)
        {
            parameters.Add(new(TextKey, Text));
        }
        foreach (var facet in Facets)
        {
            if ((facet.Key == key ? value : Selected.GetValueOrDefault(facet.Key)) is { } chosen)
            {
                parameters.Add(new(facet.Key, chosen));
            }
        }
        if (page > 1)
        {
            parameters.Add(new(PageKey, page.ToString(CultureInfo.InvariantCulture)));
        }
        return "/" + new Microsoft.AspNetCore.Http.Extensions.QueryBuilder(parameters).ToQueryString();
    }

    public static string LicenceKind(LicenceOption option) =>
        option.DownloadAllowed ? "download" : option.AggregateOnly ? "aggregate" : "sandbox";

    private bool Matches(Facet facet, DatasetView dataset) =>
        !Selected.TryGetValue(facet.Key, out var value) || facet.ValuesOf(dataset).Contains(value, StringComparer.Ordinal);

    private bool MatchesText(DatasetView dataset) =>
        Text is null
        || dataset.Title.Zh.Contains(Text, StringComparison.OrdinalIgnoreCase)
        || dataset.Title.En.Contains(Text, StringComparison.OrdinalIgnoreCase)
        || dataset.Description.Zh.Contains(Text, StringComparison.OrdinalIgnoreCase)
        || dataset.Description.En.Contains(Text, StringComparison.OrdinalIgnoreCase);
}
