using DataPort.Domain.Assets;
using Marten;

namespace DataPort.ReadModels.Assets;

/// <summary>A listing of registrations: one organisation's (null: all, for operators and regulators), by status, by title.</summary>
public sealed record AssetSearch(string? OwnerOrganisationId, AssetStatus? Status, string? Text, int Page = 1, int PageSize = 50);

/// <summary>Queries over <see cref="AssetView"/>.</summary>
public sealed class AssetDirectory(IDocumentStore store)
{
    /// <summary>Matching registrations; a status filter lists oldest submissions first (a queue), otherwise newest changes first.</summary>
    public async Task<Page<AssetView>> ListAsync(AssetSearch search, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var query = session.Query<AssetView>().AsQueryable();
        if (search.OwnerOrganisationId is { } owner)
        {
            query = query.Where(a => a.OwnerOrganisationId == owner);
        }
        if (search.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }
        if (TextMatch.Normalise(search.Text) is { } text)
        {
            query = query.Where(a => a.Title.Zh.Contains(text, StringComparison.OrdinalIgnoreCase)
                || a.Title.En.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        var ordered = search.Status is null
            ? query.OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.StreamKey)
            : query.OrderBy(a => a.SubmittedAt).ThenBy(a => a.StreamKey);
        return await ordered.ToPageAsync(search.Page, search.PageSize, cancellationToken);
    }
}
