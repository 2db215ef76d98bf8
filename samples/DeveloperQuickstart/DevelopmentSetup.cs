using DataPort.Client;

namespace DataPort.Samples;

/// <summary>
/// Against a Development server only (scripts/run.sh): acting as the local operator through the development header,
/// makes a developer organisation with an app, and an app of the dataset's owner organisation. Elsewhere an operator
/// creates these (<c>POST /api/organisations/{org}/clients</c>) and hands out the secrets.
/// </summary>
public static class DevelopmentSetup
{
    private const string DevelopmentHeader = "X-DataPort-Actor";

    public static async Task<AppCredentials> CreateAppsAsync(Uri url, string datasetId, TextWriter output)
    {
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Add(DevelopmentHeader, "quickstart-operator;xm-operator;operator");
        var organisation = $"quickstart-{Guid.NewGuid():N}"[..24];
        await new OrganisationsClient(http).CreateOrganisationAsync(new CreateOrganisationRequest { Id = organisation, Name = "Quickstart developer" });
        var clients = new ClientsClient(http);
        var developer = await clients.CreateClientAsync(organisation, new CreateClientRequest
        {
            Name = "quickstart", Scopes = ["catalog.read", "sandbox.query", "data.download"],
        });
        var dataset = await new DatasetsClient(http).GetDatasetAsync(datasetId);
        await EnsureOrganisationAsync(http, dataset.OwnerOrganisationId);
        var owner = await clients.CreateClientAsync(dataset.OwnerOrganisationId, new CreateClientRequest
        {
            Name = "quickstart approvals", Scopes = ["catalog.read", "merchant.manage"],
        });
        output.WriteLine($"set up: developer organisation {organisation} with app {developer.Client.ClientId}; " +
            $"an approvals app for {dataset.OwnerOrganisationId}");
        return new AppCredentials(
            new AppCredential(developer.Client.ClientId, developer.ClientSecret), new AppCredential(owner.Client.ClientId, owner.ClientSecret));
    }

    /// <summary>Catalog departments are not sign-in organisations until an operator makes them (409: made before).</summary>
    private static async Task EnsureOrganisationAsync(HttpClient http, string organisationId)
    {
        try
        {
            await new OrganisationsClient(http).CreateOrganisationAsync(new CreateOrganisationRequest { Id = organisationId, Name = organisationId });
        }
        catch (DataPortApiException e) when (e.StatusCode == 409)
        {
        }
    }
}
