using System.Security.Cryptography;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.EventStore;
using DataPort.Grains.Grants;
using DataPort.Sandbox.Loading;
using DataPort.Testing;
using Npgsql;

namespace DataPort.Sandbox.Tests.Events;

/// <summary>
/// Fixture: two sandbox nodes (two server processes) on one migrated database with people v1 loaded. Grants are
/// requested by appending to their stream and decided by the grant grains, so their roles follow real events.
/// </summary>
public sealed class SandboxNodesWithGrants : IAsyncLifetime
{
    public static readonly Caller Owner = new("u-owner", "org-owner", [DataPort.Domain.Common.Roles.Merchant]);
    public static readonly Caller Regulator = new("u-reg", "org-reg", [DataPort.Domain.Common.Roles.Regulator]);
    private static readonly LicenceOption SandboxLicence = new("sandbox", "Sandbox", false, 365, false, false, PriceModel.Free);

    private readonly TestDatabase database = new();

    public string LoginSecret { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    public SandboxNode First { get; private set; } = null!;
    public SandboxNode Second { get; private set; } = null!;
    public NpgsqlDataSource DataSource => database.DataSource;
    public string ConnectionString => database.ConnectionString;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        First = await SandboxNode.StartAsync(database.ConnectionString, LoginSecret);
        Second = await SandboxNode.StartAsync(database.ConnectionString, LoginSecret);
        await First.Get<SandboxLoader>().LoadAsync(
            new LoadRequest("people", 1, "sha256:people-v1", new InMemoryRowSource(SandboxWithData.PeopleColumns, SandboxWithData.People(1))));
    }

    /// <summary>Requests access to a dataset's (default people) id, district and age for org-dev and has the owner approve it: a GrantIssued event.</summary>
    public async Task<IAccessGrantGrain> IssueAsync(string grantId, string datasetId = "people")
    {
        var now = DateTimeOffset.UtcNow;
        await First.Get<EventWriter>().AppendAsync("grant-" + grantId, 0,
            [new AccessRequested(grantId, datasetId, Owner.OrganisationId, "org-dev", "research", ["id", "district", "age"], 30, SandboxLicence,
                null, SandboxWithData.Developer, now)],
            new EventMetadata(SandboxWithData.Developer));
        var grant = First.Grains.GetGrain<IAccessGrantGrain>(grantId);
        await grant.ExecuteAsync(new ApproveGrant(grantId, null, null, GrantQuota.Unlimited, Owner, now));
        return grant;
    }

    public Task<bool> RoleExistsAsync(string role) => ClusterRoles.ExistsAsync(DataSource, role);

    /// <summary>Polls until the role exists (or not); returns how long it took. Fails after 15 s.</summary>
    public async Task<TimeSpan> WaitForRoleAsync(string role, bool exists)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (await RoleExistsAsync(role) != exists)
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"role {role} still {(exists ? "missing" : "present")} after 15 s");
            await Task.Delay(20);
        }
        return started.Elapsed;
    }

    public async Task DisposeAsync()
    {
        await ClusterRoles.DropAllGrantRolesAsync(DataSource, First.Roles);
        await Second.DisposeAsync();
        await First.DisposeAsync();
        await database.DisposeAsync();
    }
}
