using Marten;

namespace DataPort.ReadModels.Datasets;

/// <remarks>
/// <c>ViewerOrganisationId</c>: Whose unpublished and suspended datasets are listed too; null lists only what is available.<br/>
/// </remarks>
public sealed record DatasetSearch(string? Text, string? Theme, string? ViewerOrganisationId, int Page = 1, int PageSize = 50);

/// <summary>The catalog's search over <see cref="DatasetView"/>.</summary>
public sealed class DatasetCatalog(IDocumentStore store)
{
    /// <summary>Available datasets, plus the viewer organisation's own (drafts, unpublished, suspended), last changed first.</summary>
    public async Task<Page<DatasetView>> SearchAsync(DatasetSearch search, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var query = VisibleTo(session, search.ViewerOrganisationId);
        if (TextMatch.Normalise(search.Text) is { } text)
        {
            query = query.Where(d => d.Title.Zh.Contains(text, StringComparison.OrdinalIgnoreCase)
                || d.Title.En.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        if (!string.IsNullOrWhiteSpace(search.Theme))
        {
            query = query.Where(d => d.Theme == search.Theme);
        }
        return await query.OrderByDescending(d => d.UpdatedAt).ThenBy(d => d.StreamKey)
            .ToPageAsync(search.Page, search.PageSize, cancellationToken);
    }

    /// <summary>
    /// Every dataset the viewer may see, last changed first: the web catalog facets and pages this in memory, which for
    /// a city's catalog (hundreds of datasets) costs less than one query per facet.
    /// </summary>
    public async Task<IReadOnlyList<DatasetView>> VisibleAsync(string? viewerOrganisationId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await VisibleTo(session, viewerOrganisationId)
            .OrderByDescending(d => d.UpdatedAt).ThenBy(d => d.StreamKey)
            .ToListAsync(cancellationToken);
    }

    private static IQueryable<DatasetView> VisibleTo(IQuerySession session, string? viewerOrganisationId) =>
        session.Query<DatasetView>().Where(d => d.Available || d.OwnerOrganisationId == viewerOrganisationId);
}
