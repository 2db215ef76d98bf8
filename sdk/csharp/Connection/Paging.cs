using System.Runtime.CompilerServices;

namespace DataPort.Client;

/// <summary>Walks a paged list endpoint (<c>items</c>, <c>total</c>, <c>page</c>, <c>pageSize</c>) page by page.</summary>
public static class Paging
{
    /// <summary>
    /// Every item of a list, fetching pages of <paramref name="pageSize"/> as they are needed, e.g.
    /// <c>Paging.AllAsync((page, size, ct) =&gt; grants.ListGrantsAsync(page: page, pageSize: size, cancellationToken: ct), p =&gt; (p.Items, p.Total))</c>.
    /// </summary>
    public static async IAsyncEnumerable<TItem> AllAsync<TPage, TItem>(
        Func<int, int, CancellationToken, Task<TPage>> fetch, Func<TPage, (IReadOnlyList<TItem> Items, int Total)> read, int pageSize = 100,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = 0;
        for (var page = 1; ; page++)
        {
            var (items, total) = read(await fetch(page, pageSize, cancellationToken));
            foreach (var item in items)
            {
                yield return item;
            }
            seen += items.Count;
            if (items.Count == 0 || seen >= total)
            {
                yield break;
            }
        }
    }
}
