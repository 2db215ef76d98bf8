using DataPort.Domain.Common;
using DataPort.Grains.Datasets;

namespace DataPort.Server.Web.Console;

/// <summary>Datasets' titles for lists that hold only their ids (grants, usage); the page picks the language.</summary>
public static class DatasetTitles
{
    public static async Task<IReadOnlyDictionary<string, LocalizedText>> OfAsync(Orleans.IGrainFactory grains, IEnumerable<string> datasetIds)
    {
        var ids = datasetIds.Distinct(StringComparer.Ordinal).ToList();
        var datasets = await Task.WhenAll(ids.Select(id => grains.GetGrain<IDatasetGrain>(id).GetAsync()));
        return ids.Zip(datasets).Where(p => p.Second is not null)
            .ToDictionary(p => p.First, p => p.Second!.State.Metadata.Title, StringComparer.Ordinal);
    }

    /// <summary>The title in the page's language, or the id when the dataset is unknown.</summary>
    public static string Of(this IReadOnlyDictionary<string, LocalizedText> titles, string datasetId) =>
        titles.TryGetValue(datasetId, out var title) ? (WebCatalog.IsEnglish ? title.En : title.Zh) : datasetId;
}
