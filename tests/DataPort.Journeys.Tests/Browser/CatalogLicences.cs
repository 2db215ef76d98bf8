using System.Net.Http.Json;
using System.Text.Json;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>A published dataset of the shipped catalog with a licence of the kind a test needs, found as an operator through the API.</summary>
internal static class CatalogLicences
{
    public static async Task<(string DatasetId, string LicenceId, string OwnerOrganisation)> FirstAsync(
        PortWithCatalog port, Func<JsonElement, bool> licence, string kind)
    {
        using var http = port.As(PortWithCatalog.Operator);
        var page = await http.GetFromJsonAsync<JsonElement>("/api/datasets?pageSize=200");
        foreach (var dataset in page.GetProperty("items").EnumerateArray().Where(d => d.GetProperty("available").GetBoolean()))
        {
            foreach (var option in dataset.GetProperty("licenceOptions").EnumerateArray().Where(licence))
            {
                return (dataset.GetProperty("datasetId").GetString()!, option.GetProperty("id").GetString()!,
                    dataset.GetProperty("ownerOrganisationId").GetString()!);
            }
        }
        throw new InvalidOperationException($"The shipped catalog has no {kind} licence.");
    }

    public static string PriceKind(JsonElement option) => option.GetProperty("price").GetProperty("kind").GetString()!;
}
