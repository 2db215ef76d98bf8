using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.Grains.EventSourcing;
using DataPort.Sandbox.Grants;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataPort.Sandbox.Tests;

/// <summary>The domain's AccessGrant as the sandbox sees it, and the domain's Authorize on every use.</summary>
public sealed class DomainGrantGatewayTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly LicenceOption Sandbox = new("sandbox", "Sandbox", true, 365, false, false, PriceModel.Free);
    private static readonly LicenceOption Aggregates = new("aggregate", "Aggregates", false, 30, false, true, PriceModel.Free);

    private sealed class Grants : IAccessGrants
    {
        public AccessGrant? Grant { get; set; }
        public List<GrantUse> Recorded { get; } = [];

        public Task<Versioned<AccessGrant>?> GetAsync(string grantId, CancellationToken cancellationToken = default) =>
            Task.FromResult(Grant is null ? null : new Versioned<AccessGrant>(Grant, 7));

        public Task RecordUsageAsync(string grantId, GrantUse use, Caller by, CancellationToken cancellationToken = default)
        {
            Recorded.Add(use);
            return Task.CompletedTask;
        }
    }

    private static AccessGrant Issued(LicenceOption licence, int? version = null) =>
        AccessGrant.Create(new AccessRequested("g-1", "people", "org-owner", "org-dev", "research", ["district", "age"], 30, licence, version, "u-dev", T0))
            .Apply(new GrantIssued("g-1", ["district", "age"], T0, T0.AddDays(30), new GrantQuota(2, null, null), "u-owner", T0));

    private static (DomainGrantGateway Gateway, Grants Grants, TestClock Clock) Gateway(AccessGrant grant)
    {
        var grants = new Grants { Grant = grant };
        var clock = new TestClock { Now = T0.AddDays(1) };
        return (new DomainGrantGateway(grants, new SandboxOptions(), clock, NullLogger<DomainGrantGateway>.Instance), grants, clock);
    }

    private static readonly SandboxUse Query = new(SandboxUseKind.Query, "u-dev", new HashSet<string> { "u-dev", "org-dev" });

    [Fact]
    public async Task Given_an_issued_grant_When_mapped_Then_the_sandbox_enforces_its_fields_expiry_and_holders()
    {
        var (gateway, _, _) = Gateway(Issued(Sandbox, version: 3));

        var grant = (await gateway.FindAsync("g-1"))!;

        Assert.Equal(SandboxGrantStatus.Active, grant.Status);
        Assert.Equal(T0.AddDays(30), grant.ExpiresAt);
        Assert.Equal(SandboxAccessLevel.RowLevel, grant.Access);
        Assert.False(grant.DownloadAllowed);
        Assert.Equal(5, grant.MinimumGroupSize);
        Assert.Equal(2, grant.QueriesRemaining);
        Assert.Equal(new HashSet<string> { "district", "age" }, grant.Datasets.Single().Columns);
        Assert.Equal(new HashSet<int> { 3 }, grant.Datasets.Single().Versions);
        Assert.Equal(7, grant.Version);
        Assert.Contains("org-dev", grant.Holders);
        Assert.True((await gateway.AuthorizeAsync(grant, Query)).Allowed);
    }

    [Fact]
    public async Task Given_a_suspended_grant_When_authorised_Then_the_domain_denies_it()
    {
        var issued = Issued(Sandbox);
        var (gateway, grants, _) = Gateway(issued);
        var grant = (await gateway.FindAsync("g-1"))!;
        grants.Grant = issued.Apply(new GrantSuspended("g-1", "regulator order", "u-reg", T0.AddHours(30)));

        var decision = await gateway.AuthorizeAsync(grant, Query);

        Assert.False(decision.Allowed);
        Assert.Contains("suspended", decision.Message, StringComparison.Ordinal);
        Assert.Equal(SandboxGrantStatus.Suspended, (await gateway.FindAsync("g-1"))!.Status);
    }

    [Fact]
    public async Task Given_an_aggregate_licence_When_sql_is_authorised_Then_the_domain_denies_it()
    {
        var (gateway, _, _) = Gateway(Issued(Aggregates));
        var grant = (await gateway.FindAsync("g-1"))!;

        Assert.Equal(SandboxAccessLevel.AggregateOnly, grant.Access);
        Assert.False((await gateway.AuthorizeAsync(grant, Query)).Allowed);
        Assert.True((await gateway.AuthorizeAsync(grant, Query with { Kind = SandboxUseKind.Aggregation, DatasetId = "people", Version = 1, Fields = ["age"] })).Allowed);
    }

    [Fact]
    public async Task Given_a_use_that_ran_When_consumed_Then_the_domain_records_its_rows()
    {
        var (gateway, grants, _) = Gateway(Issued(Sandbox));
        var grant = (await gateway.FindAsync("g-1"))!;

        await gateway.ConsumeAsync(grant, Query, rows: 17);

        var use = Assert.Single(grants.Recorded);
        Assert.Equal((UseKind.SandboxQuery, 17L, "people"), (use.Kind, use.Rows, use.DatasetId));
    }

    [Fact]
    public async Task Given_a_grant_past_its_expiry_When_authorised_Then_it_is_denied()
    {
        var (gateway, _, clock) = Gateway(Issued(Sandbox));
        var grant = (await gateway.FindAsync("g-1"))!;
        clock.Now = T0.AddDays(31);

        Assert.False((await gateway.AuthorizeAsync(grant, Query)).Allowed);
        Assert.False(grant.IsLive(clock.Now));
    }
}
