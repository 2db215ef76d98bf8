using DataPort.Server.Tests.Assets;

namespace DataPort.Server.Tests.Grants;

/// <summary>Given: a developer's access request waiting for the owner's decision.</summary>
public sealed class ApiWithRequestedGrant : DomainApi
{
    public string DatasetId { get; private set; } = "";

    public string GrantId { get; private set; } = "";

    protected override async Task SeedAsync() => (DatasetId, GrantId) = await RequestedGrantAsync();
}

/// <summary>Given: an approved, active grant (100 queries, 10,000 rows).</summary>
public sealed class ApiWithActiveGrant : DomainApi
{
    public string DatasetId { get; private set; } = "";

    public string GrantId { get; private set; } = "";

    protected override async Task SeedAsync() => (DatasetId, GrantId) = await ActiveGrantAsync();
}
