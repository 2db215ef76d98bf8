using DataPort.Domain.Grants;
using Marten;

namespace DataPort.ReadModels.Grants;

/// <remarks>
/// <c>PartyOrganisationId</c>: Only grants where that organisation is the owner or the developer; null for all (regulators).<br/>
/// </remarks>
public sealed record GrantSearch(string? PartyOrganisationId, string? DatasetId, GrantStatus? Status, int Page = 1, int PageSize = 50);

/// <summary>Queries over <see cref="GrantView"/>; also what the expiry sweep asks for.</summary>
public sealed class GrantDirectory(IDocumentStore store)
{
    /// <summary>Matching grants, last changed first.</summary>
    public async Task<Page<GrantView>> ListAsync(GrantSearch search, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var query = session.Query<GrantView>().AsQueryable();
        if (search.PartyOrganisationId is { } party)
        {
            query = query.Where(g => g.OwnerOrganisationId == party || g.DeveloperOrganisationId == party);
        }
        if (search.DatasetId is { } datasetId)
        {
            query = query.Where(g => g.DatasetId == datasetId);
        }
        if (search.Status is { } status)
        {
            query = query.Where(g => g.Status == status);
        }
        return await query.OrderByDescending(g => g.UpdatedAt).ThenBy(g => g.StreamKey)
            .ToPageAsync(search.Page, search.PageSize, cancellationToken);
    }

    /// <summary>Ids of active or suspended grants whose end time has passed: what an expiry sweep expires.</summary>
    public async Task<IReadOnlyList<string>> DueForExpiryAsync(DateTimeOffset now, int limit = 500, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<GrantView>()
            .Where(g => (g.Status == GrantStatus.Active || g.Status == GrantStatus.Suspended) && g.ExpiresAt <= now)
            .OrderBy(g => g.ExpiresAt).Take(limit).Select(g => g.GrantId)
            .ToListAsync(cancellationToken);
    }
}
