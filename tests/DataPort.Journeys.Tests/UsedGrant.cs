using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>Journeys that audit a grant need one with a history: requested, approved by the owner, used once.</summary>
internal static class UsedGrant
{
    /// <summary>A grant the owner approved and the developer used once.</summary>
    public static async Task<(string GrantId, SandboxQueryRequest Query)> CreateAsync(PortWithCatalog port, DataPortConnection developer, string datasetId)
    {
        var dataset = await developer.Datasets.GetDatasetAsync(datasetId);
        var version = Assert.Single(await developer.Sandbox.ListSandboxVersionsAsync(datasetId));
        var requested = await developer.Grants.RequestAccessAsync(new AccessRequest
        {
            DatasetId = datasetId, LicenceOptionId = dataset.LicenceOptions.First(l => !l.AggregateOnly).Id, Purpose = "journey: audited use",
            TermDays = 30, Fields = [.. dataset.Columns.Where(c => !c.Personal).Select(c => c.Name)],
        });
        using var owner = port.As($"owner-1;{dataset.OwnerOrganisationId};merchant");
        await new GrantsClient(owner).ApproveGrantAsync(requested.GrantId, new Approval());
        var query = new SandboxQueryRequest { GrantId = requested.GrantId, Sql = $"SELECT count(*) FROM {version.Table}" };
        await developer.Sandbox.RunSandboxQueryAsync(query);
        return (requested.GrantId, query);
    }

    /// <summary>A new developer app with such a grant, and the sandbox table the grant reads.</summary>
    public static async Task<(DataPortConnection Developer, string GrantId, string Table)> WithTableAsync(PortWithCatalog port, string datasetId)
    {
        var developer = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        var (grantId, _) = await CreateAsync(port, developer, datasetId);
        var version = Assert.Single(await developer.Sandbox.ListSandboxVersionsAsync(datasetId));
        return (developer, grantId, version.Table);
    }
}
