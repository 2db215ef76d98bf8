using System.Text.Json.Serialization;
using Marten.Pagination;

namespace DataPort.ReadModels;

/// <summary>One page of a listing; <c>Total</c> counts every match, not just this page.</summary>
/// <remarks>Every list in the API pages alike: <c>items</c>, <c>total</c>, <c>page</c> (from 1), <c>pageSize</c>.</remarks>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, [property: JsonPropertyName("page")] int PageNumber, int PageSize);

internal static class Paging
{
    /// <summary>One page of <paramref name="query"/> and the count of all its matches, in one round trip.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var items = await query.ToPagedListAsync(page, pageSize, cancellationToken);
        return new Page<T>([.. items], (int)items.TotalItemCount, page, pageSize);
    }
}
